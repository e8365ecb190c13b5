# One iterator object shared by several threads: every item is handed to exactly one next()
# call (list, reversed list, tuple, str, dict keys/values/items, enumerate), none twice, none
# skipped, and an exhausted iterator stays exhausted.
import threading

def drain(it, out):
    n = 0
    while True:
        try:
            x = next(it)
        except StopIteration:
            break
        out.append(x)
        n += 1
    return n

def run_shared(name, nthreads):
    it = make(name)
    outs = [[] for i in range(nthreads)]
    ts = [threading.Thread(target=drain, args=(it, outs[i])) for i in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    allx = []
    for o in outs:
        allx.extend(o)
    again = 0
    try:
        next(it)
    except StopIteration:
        again = 1
    return allx, again

N = 3000
data = list(range(N))
tup = tuple(data)
text = "abcdefghij" * 300
d = {}
for i in range(N):
    d[i] = i * 2

def make(name):
    if name == "list":
        return iter(data)
    if name == "reversed":
        return reversed(data)
    if name == "tuple":
        return iter(tup)
    if name == "str":
        return iter(text)
    if name == "dict keys":
        return iter(d)
    if name == "dict values":
        return iter(d.values())
    if name == "dict items":
        return iter(d.items())
    return enumerate(tup)

for name in ["list", "reversed", "tuple", "str", "dict keys", "dict values", "dict items", "enumerate"]:
    allx, again = run_shared(name, 4)
    if name == "str":
        print(name, len(allx), sorted(allx) == sorted(text), again)
    elif name == "enumerate":
        counts = sorted([p[0] for p in allx])
        print(name, len(allx), counts == data, again)
    elif name == "dict items":
        print(name, len(allx), sorted(allx) == sorted(d.items()), again)
    elif name == "dict values":
        print(name, len(allx), sorted(allx) == [i * 2 for i in range(N)], again)
    else:
        print(name, len(allx), sorted(allx) == data, again)

# A list iterator shared while another thread appends: no item twice, every original item seen.
grow = list(range(N))
git = iter(grow)
outs = [[], []]
def appender():
    for i in range(1000):
        grow.append(N + i)
ts = [threading.Thread(target=drain, args=(git, outs[0])), threading.Thread(target=drain, args=(git, outs[1])),
      threading.Thread(target=appender)]
for t in ts:
    t.start()
for t in ts:
    t.join()
seen = {}
for x in outs[0] + outs[1]:
    seen[x] = seen.get(x, 0) + 1
dups = 0
for x in seen:
    if seen[x] > 1:
        dups += 1
missing = 0
for i in range(N):
    if i not in seen:
        missing += 1
print("growing list: duplicates", dups, "originals missing", missing)
