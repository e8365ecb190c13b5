# iter/next including default, StopIteration, iterators over each container.
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "done"), next(it, None))
s = iter("ab")
print(next(s), next(s), next(s, "end"))
d = iter({"x": 1, "y": 2})
print(next(d), next(d))
r = iter(range(10, 13))
print(next(r), list(r), next(r, -1))
t = iter((5, 6))
print(next(t), [x for x in t])
e = iter(enumerate("qz"))
print(next(e), next(e))
z = iter(zip([1, 2], [3, 4]))
print(next(z), list(z))
try:
    next(iter([]))
except StopIteration as exc:
    print("StopIteration caught", repr(str(exc)))
it2 = iter([1, 2, 3, 4])
for x in it2:
    print("first", x)
    break
for x in it2:
    print("rest", x)
i3 = iter([10, 20])
print(iter(i3) is i3, next(iter(i3)))
m = map(abs, [-1, -2])
print(next(m), next(m), next(m, "exhausted"))
