def work(n):
    xs = [0] * 10
    t = (1, 2, 3)
    d = {"a": 1, "b": 2}
    s = "hello"
    acc = 0
    for i in range(n):
        xs[i % 10] = xs[i % 10] + t[i % 3]
        xs[-1] = xs[-2] + 1
        acc += d["a"] + len(s[i % 5]) + t[-1]
    return xs, acc
print(work(3000))
def errors(xs):
    out = []
    for i in range(-4, 5):
        try:
            out.append(xs[i])
        except IndexError as e:
            out.append(str(e))
    try:
        xs[10] = 1
    except IndexError as e:
        out.append(str(e))
    try:
        {}["k"]
    except KeyError as e:
        out.append(repr(e))
    return out
for k in range(2500):
    r = errors([1, 2, 3])
print(r)
def iterate(n):
    total = 0
    for x in [1, 2, 3]:
        total += x
    for x in (4, 5):
        total += x
    for c in "ab":
        total += len(c)
    for k in {"x": 1, "y": 2}:
        total += len(k)
    for i in range(n, 0, -3):
        total += i
    return total, [v * 2 for v in range(5) if v % 2 == 0]
for k in range(2500):
    r = iterate(30)
print(r)
a, b = 1, 2
def swap(n):
    p = 0
    q = 1
    for i in range(n):
        p, q = q, p + q
    return p % 1000007
print(swap(3000))
