# all, any, map and filter with built-in and def functions.
print(all([]), all([1, 2]), all([1, 0]), all("abc"), all([[], [1]]), any([]), any([0, 0.0, ""]), any([0, 3]))
print(all(range(1, 5)), any(range(0)), all([True] * 3), any((None, [0])))
def is_even(n):
    return n % 2 == 0
def square(n):
    return n * n
def add(a, b):
    return a + b
print(list(map(square, range(5))), list(map(str, [1, 2.5, None])), list(map(abs, [-3, 4, -0.5])))
print(list(map(add, [1, 2, 3], [10, 20, 30])), list(map(add, "ab", "cd")), list(map(len, ["a", "bb", ""])))
print(list(filter(is_even, range(10))), list(filter(None, [0, 1, "", "a", [], [0], None])), list(filter(bool, [0, 2])))
print(sum(map(square, filter(is_even, range(10)))), list(map(int, "1 2 3".split())), list(map(float, ["1.5", "2"])))
print(any(map(is_even, [1, 3, 5])), all(map(is_even, [2, 4])), list(map(min, [1, 5], [3, 2])))
print(list(map(round, [1.5, 2.5, 3.5])), list(map(max, [[1, 2], [3]])))
