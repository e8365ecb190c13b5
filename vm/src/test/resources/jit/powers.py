# int ** int in compiled loops: the exact long fast path, its bounds, and the generic path
# (big ints, negative exponents, floats, bools) at the same sites.
def alternating(n):
    s = 0.0
    for k in range(n):
        s += (4.0 * (-1) ** k) / (2 * k + 1)
    return s

def table(base, n):
    out = []
    for e in range(n):
        out.append(base ** e)
    return out

def mixed(values, e):
    out = []
    for v in values:
        out.append(v ** e)
    return out

print(f"{alternating(3000):.12f}")
for rep in range(2100):
    t = table(2, 70)
print(t[60:])
print(table(-3, 45)[38:])
print(table(-2, 65)[62:])
print(table(0, 4), table(1, 3), table(-1, 5))
for rep in range(2100):
    m = mixed([3, -7, 10 ** 20, 2.5, True, -1], 3)
print(m)
print(mixed([2, -2, 4, 1], -2))
print(mixed([5, -5], 0))
for i in range(2100):
    x = i ** 2
print(x, 7 ** 22, (-7) ** 23, 3037000499 ** 2, 3037000500 ** 2)
