# Tuples: literals, singleton, packing/unpacking, nesting, slicing, comparison, hashing.
t = (1, 2, 3)
print(t, (), (1,), (1, 2), ((1, 2), (3,)), tuple(), len(t), t[0], t[-1], t[1:], t[::-1])
u = 4, 5
print(u, 1, (1), (1,) * 3, t + u, 7,)
a, b = u
print(a, b)
(c, d), e = (6, 7), 8
print(c, d, e)
x, y, z = "xyz"
print(x, y, z)
p, q = [10, 20]
print(p, q)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, 2) == (1, 2), (1, [2]) == (1, [2]))
print(hash((1, 2)) == hash((1, 2)), hash((1, 2, 3)), hash(()), hash((1, (2, 3))), hash((-1,)))
print(2 in t, 5 not in t, tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple((9, 8)))
nested = ([1, 2], "s", (None, True))
nested[0].append(3)
print(nested, nested[2][1], nested[0][-1])
def pair():
    return 1, "two"
r = pair()
print(r, r[1])
