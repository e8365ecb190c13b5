# Dict literal, insertion order, subscripts, membership, del, re-insertion order, key types.
d = {"b": 1, "a": 2, "c": 3}
print(d, len(d), d["a"], "a" in d, "z" in d, "z" not in d, {})
d["d"] = 4
d["b"] = 10
print(d)
del d["a"]
print(d)
d["a"] = 5
print(d, list(d))
keys = {1: "int", 1.5: "float", "s": "str", (1, 2): "tuple", None: "none", True: "bool?", 2 ** 70: "big"}
print(keys)
print(keys[1], keys[1.0], keys[(1, 2)], keys[None], keys[2 ** 70])
for k in d:
    print(k, d[k])
counts = {}
for w in "a b a c b a".split():
    if w in counts:
        counts[w] += 1
    else:
        counts[w] = 1
print(counts)
nested = {"x": {"y": [1, 2]}}
nested["x"]["y"].append(3)
nested["x"]["z"] = {}
print(nested)
e = {"k": 1, "k": 2}
print(e)
print({1: 1, 2: 2} == {2: 2, 1: 1}, {1: 1} != {1: 2})
big = {}
for i in range(1000):
    big[i * 7 % 1000] = i
print(len(big), big[0], big[7], big[999], list(big)[:5])
for i in range(0, 1000, 2):
    del big[i]
print(len(big), list(big)[:5], big[1])
