# Integer arithmetic: + - * / // % ** with Python's sign rules.
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (0, 5), (1, 7)]:
    print(a, b, a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b))
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4, -2 ** 2)
print(2 ** -1, 2 ** -2, 10 ** -3, (-2) ** -1)
print(7 / 7, 1 / 3, 2 / 3, 10 / 4, -10 / 4)
print(-(-5), +5, -0, ~0, ~5, ~-5)
print(True + True, True * 10, False - 1, True / 2, True // 1)
print(17 % 5, -17 % 5, 17 % -5, -17 % -5)
print(17 // 5, -17 // 5, 17 // -5, -17 // -5)
x = 10
x = x * 3 - 4 // 3 + 2 ** 3 % 5
print(x)
print(1 + 2 * 3, (1 + 2) * 3, 2 ** 3 ** 2, (2 ** 3) ** 2, -3 ** 2, 10 - 3 - 2)
