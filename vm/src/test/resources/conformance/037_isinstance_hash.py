# isinstance with built-in types (and tuples of types); hash of hashable values.
print(isinstance(1, int), isinstance(1.0, int), isinstance(1.0, float), isinstance(True, int), isinstance(True, bool))
print(isinstance("s", str), isinstance([], list), isinstance((), tuple), isinstance({}, dict), isinstance(None, int))
print(isinstance(1, (str, int)), isinstance("x", (list, tuple)), isinstance(2 ** 80, int), isinstance(range(3), range))
print(isinstance([], (list,)), isinstance(0, bool), isinstance(1.5, (int, float)))
print(hash(0), hash(1), hash(-1), hash(-2), hash(42), hash(True), hash(False), hash(1.0), hash(1.5), hash(-0.5), hash(0.0))
print(hash(2 ** 61 - 2), hash(2 ** 61 - 1), hash(2 ** 64), hash(-(2 ** 64)), hash(1e300), hash(float("inf")), hash(-1.0))
print(hash("abc") == hash("abc"), hash((1, "a")) == hash((1, "a")), hash(1) == hash(1.0) == hash(True))
print(hash((1, 2, 3)), hash((0,)), hash((1.5, -2)), hash(((),)))
d = {}
d[1] = "one"
d[1.0] = "float one"
d[True] = "true"
print(d)
