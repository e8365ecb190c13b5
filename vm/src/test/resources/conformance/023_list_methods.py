# The list methods of the subset.
a = [3, 1, 2]
a.append(4)
print(a, a.append(5), a)
print(a.pop(), a, a.pop(0), a, a.pop(-2), a)
a.insert(0, 10); a.insert(100, 20); a.insert(-1, 30); a.insert(-100, 40)
print(a)
a.extend([7, 8]); a.extend((9,)); a.extend("ab"); a.extend(range(2))
print(a)
print(a.index(10), a.index(7), a.index("a"), a.count(7), a.count(99), [1, 1, 2, 1].count(1))
print([5, 6, 5, 6].index(5, 1), [5, 6, 5, 6].index(6, 2, 4))
b = [3, 1, 2, 1]
b.remove(1)
print(b)
b.reverse()
print(b)
c = b.copy()
c.append(0)
print(b, c)
d = [5, 2, 9, 1, 5, 6]
d.sort()
print(d)
d.sort(reverse=True)
print(d)
words = ["banana", "Apple", "cherry", "fig", "date"]
words.sort()
print(words)
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
def second(p):
    return p[1]
pairs = [(1, "b"), (2, "a"), (3, "b"), (4, "a")]
pairs.sort(key=second)
print(pairs)
nums = [3.5, -1, 2, 0.5, -7]
nums.sort(key=abs)
print(nums, sorted(nums))
print([].copy(), [[1]].copy(), [1, 2, 3].reverse())
e = [1, 2, 3]
print(e.sort(), e.remove(2), e, e.extend([]), e.insert(1, 1.5), e)
