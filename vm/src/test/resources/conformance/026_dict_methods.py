# The dict methods of the subset.
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d.get("a", 0))
print(d.keys(), d.values(), d.items())
print(list(d.keys()), list(d.values()), list(d.items()), len(d.keys()), "a" in d.keys())
for k, v in d.items():
    print(k, v)
print(d.pop("a"), d, d.pop("z", "default"), d)
print(d.setdefault("b", 100), d.setdefault("c", 3), d.setdefault("n"), d)
d.update({"b": 20, "e": 5})
print(d)
d.update([("f", 6), ("b", 21)])
print(d)
d.update(g=7, c=30)
print(d)
c = d.copy()
c["new"] = 1
print(len(d), len(c), "new" in d, c == d)
groups = {}
for w in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups.setdefault(w[0], []).append(w)
print(groups)
print(dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict({"k": "v"}), dict(zip("abc", range(3))))
print(dict([(1, 2)], z=3))
ks = d.keys()
d["late"] = 0
print(list(ks)[-1], d.values(), d.get("late"))
print({}.get(1), {}.items(), {"x": [1]}.copy()["x"])
