# sorted with key and reverse, stability, mixed int/float, strings, tuples.
print(sorted([3, 1, 2]), sorted([3, 1, 2], reverse=True), sorted("banana"), sorted((2, 1)), sorted([]))
print(sorted({"b": 1, "a": 2}), sorted([1.5, 1, -2, 0.5, True]), sorted(range(5, 0, -1)))
words = ["pear", "Fig", "apple", "kiwi", "banana", "date"]
print(sorted(words), sorted(words, key=len), sorted(words, key=len, reverse=True))
def last_char(w):
    return w[-1]
print(sorted(words, key=last_char), sorted(words, key=last_char, reverse=True))
records = [("bob", 3), ("amy", 1), ("cat", 3), ("dan", 2), ("eve", 1)]
def by_score(r):
    return r[1]
print(sorted(records, key=by_score))
print(sorted(records, key=by_score, reverse=True))
print(sorted(records))
print(sorted([-3, 2, -1, 0], key=abs), sorted([[2, 1], [1, 2], [1]]))
orig = [3, 1, 2]
s = sorted(orig)
print(orig, s, s is orig)
data = [5, 3, 8, 1, 9, 2, 7, 4, 6, 0] * 3
print(sorted(data)[::7], sorted(data, reverse=True)[:5])
