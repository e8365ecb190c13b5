# Comparisons, chains evaluated once, mixed types, sequences.
def v(x):
    print("eval", x)
    return x
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1.0 == True, 1 < 2 > 0, 1 != 2 != 1)
print(v(1) < v(2) < v(3))
print(v(3) < v(2) < v(1))
print(0 <= 0 < 1 <= 1 < 2)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, "a") < (1, "b"), [] == [], () < (0,))
print("abc" < "abd", "Z" < "a", "" < "a", "abc" == "abc", "ab" > "a")
print(1 == 1.0, 2 != 2.0, 1 < 1.5, -1 > -1.5, True == 1, False == 0, None == 0)
print([1, [2, 3]] == [1, [2, 3]], {"a": 1} == {"a": 1}, {"a": 1, "b": 2} == {"b": 2, "a": 1})
print((1, 2) == [1, 2], "1" == 1, 2 ** 70 > 1e20, 2 ** 70 == float(2 ** 70))
a = [1]
b = a
c = [1]
print(a is b, a is c, a is not c, a == c, None is None, None is not None, True is True)
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 0 < x <= 5 < 6)
