# enumerate (with start), zip (two, three, unequal lengths), reversed on list/str/range/tuple.
for i, c in enumerate("abc"):
    print(i, c)
print(list(enumerate(["x", "y"], 1)), list(enumerate([], 5)), list(enumerate("ab", start=10)))
print(list(zip([1, 2, 3], "abc")), list(zip([1, 2], [3, 4], [5, 6])), list(zip([1, 2, 3], [4])), list(zip()))
for a, b in zip(range(3), range(10, 13)):
    print(a + b, end=" ")
print()
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))), list(reversed((1, 2))), list(reversed([])))
print(list(reversed(range(0, 10, 3))), "".join(reversed("stressed")))
names = ["a", "b", "c"]
ages = [1, 2, 3]
print(dict(zip(names, ages)))
for idx, (n, a) in enumerate(zip(names, ages)):
    print(idx, n, a)
pairs = list(zip([1, 2], [3, 4]))
print(pairs)
