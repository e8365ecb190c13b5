# repr of containers that contain themselves, and of deeply nested but finite containers.
l = [1, 2]
l.append(l)
print(l, len(l), l[2] is l)
d = {"name": "root"}
d["self"] = d
print(d)
outer = [d, l]
print(outer)
nested = []
cur = nested
for i in range(5):
    nxt = [i]
    cur.append(nxt)
    cur = nxt
print(nested)
t = ([],)
t[0].append(t)
print(t)
