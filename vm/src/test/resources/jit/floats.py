def f(n):
    x = 0.0
    y = 1.5
    for k in range(n):
        x += y * 2.0 - 1.0 / (k + 1)
        y = -y
        x = x / 1.0001
    return x
print(f(5000))
print(repr(f(3)), f(0))
def mixed(n):
    s = 0.0
    for i in range(n):
        s = s + i * 0.5 - (i % 3) / 4 + 2 ** -1
    return s
print(mixed(4000))
