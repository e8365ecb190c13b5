# Tuple unpacking in assignments and for targets, swaps, nested targets.
a, b = 1, 2
a, b = b, a
print(a, b)
a, b = 0, 1
for i in range(10):
    a, b = b, a + b
print(a, b)
x, y, z = [1, 2, 3]
print(x, y, z)
(p, q), r = [(4, 5), 6]
print(p, q, r)
for i, (name, score) in enumerate([("a", 1), ("b", 2)]):
    print(i, name, score)
for k, v in {"one": 1, "two": 2}.items():
    print(k, v)
for (m, n) in [(1, 2), (3, 4)]:
    print(m * n)
first, second = "hi"
print(first, second)
l = [0, 0, 0]
l[0], l[2] = 7, 9
print(l)
d = {}
d["x"], d["y"] = 1, 2
print(d)
i = 0
i, l[i] = 2, 5
print(i, l)
t = 1, 2, 3
u, v, w = t
print(u + v + w)
a = b = c = [1]
a.append(2)
print(a, b, c, a is c)
e = f = 5
e += 1
print(e, f)
[g, h] = 8, 9
print(g, h)
