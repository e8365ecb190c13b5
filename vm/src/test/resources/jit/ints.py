def g(n):
    a = 1
    s = 0
    for i in range(n):
        a = a * 3 + i
        s += a % 7 - (a // 5) % 3
        if a > 10 ** 30:
            a = a // 10 ** 20
    return a, s
print(g(3000))
def h(x, y):
    return x // y, x % y, x * y, x - y, x + y
for x in (-7, 7, -(2 ** 63), 2 ** 63 - 1):
    for y in (3, -3, -1):
        print(h(x, y))
try:
    h(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
def count(n):
    i = 0
    j = n
    while i < j:
        i += 1
        j -= 1
    return i, j, i == j, i != j, i <= j, i >= j, i > j
print(count(5001), count(5000))
