# len and range: one, two, three arguments, negative steps, empty ranges, repr, len of ranges.
print(len([1, 2]), len(()), len("abc"), len({"a": 1}), len(range(10)), len(""), len([[]]))
print(list(range(5)), list(range(2, 5)), list(range(0, 10, 3)), list(range(10, 0, -3)))
print(list(range(5, 5)), list(range(5, 0)), list(range(-3, 3)), list(range(0, -5, -1)), list(range(3, -4, -2)))
print(range(5), range(1, 5), range(1, 10, 2), range(0))
print(len(range(0, 10, 3)), len(range(10, 0, -3)), len(range(5, 0)), len(range(-10, 10, 7)))
print(len(range(2 ** 40)), 3 in range(5), 7 in range(0, 10, 2), 8 in range(0, 10, 2), -1 in range(5))
total = 0
for i in range(1, 101):
    total += i
print(total)
for i in range(10, 0, -4):
    print(i, end=" ")
print()
print(list(range(2 ** 64, 2 ** 64 + 3)), sum(range(10 ** 6)))
