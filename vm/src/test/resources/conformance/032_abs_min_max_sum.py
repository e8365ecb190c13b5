# abs, min, max, sum over numbers, strings, sequences, iterables.
# (float sums whose result depends on the summation algorithm are in 058.)
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(-2 ** 80), abs(True), abs(-1e308))
print(min(3, 1, 2), max(3, 1, 2), min([4, 2, 8]), max([4, 2, 8]), min("hello"), max("hello"))
print(min(1, 1.0), max(1, 1.0), min(1.0, 1), max(-1, -1.5), min([(2, "a"), (1, "z")]), max(["b", "ab"]))
print(min(range(5, 10)), max(range(5, 10)), min((7,)), max([2 ** 70, 1e30]), max(0.5, True))
print(sum([1, 2, 3]), sum([]), sum([0.5] * 10), sum(range(101)), sum([1, 2], 10), sum((1.5, 2)), sum([[1], [2]], []))
print(sum([0.25, 0.5, 2]), sum([1, 2.5], 0.5), sum([True, True, False]), sum([2 ** 70, 1]))
print(min("b", "a", "c"), max([[1, 2], [1, 3]]), min([3, 1, 2]))
