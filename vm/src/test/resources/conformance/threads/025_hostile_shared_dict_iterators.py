# Hostile program (crash hunt): threads mutate one dict (put/pop/setdefault/update/clear/del)
# while others iterate keys/values/items, repr, copy, compare it; then threads share single
# list and dict iterators (next(it) from several threads) and dict views. Prints only
# deterministic facts (every list item is handed out by the shared iterator at least once).
import threading
d = {}
def mut(tid):
    for i in range(1500):
        k = i % 9
        key = (i * 7 + tid) % 50
        try:
            if k == 0:
                d[key] = [i]
            elif k == 1:
                d.pop(key, None)
            elif k == 2:
                d.setdefault(key, str(i))
            elif k == 3:
                d.update({key: i, key + 1: float(i)})
            elif k == 4:
                if i % 200 == 4:
                    d.clear()
            elif k == 5:
                del d[key]
            elif k == 6:
                d[str(key)] = (i, tid)
            elif k == 7:
                d.pop(list(d.keys())[0])
            else:
                d[key] = d.get(key, 0)
        except (KeyError, IndexError):
            pass
def reader(tid):
    n = 0
    for i in range(150):
        try:
            for k in d:
                n += 1
            for v in d.values():
                n += 1
            for k, v in d.items():
                n += 1
            r = repr(d)
            a = 5 in d
            c = d.copy()
            e = d == c
            l = list(d.keys())
            s = len(d)
            ks = d.keys()
            vs = d.items()
            n += len(ks)
            x = sorted(d.keys(), key=str)
            dd = dict(d)
        except (RuntimeError, KeyError):
            pass
ts = []
for t in range(3):
    ts.append(threading.Thread(target=mut, args=(t,)))
    ts.append(threading.Thread(target=reader, args=(t,)))
for t in ts:
    t.start()
for t in ts:
    t.join()

shared = list(range(1000))
d2 = {}
for i in range(500):
    d2[i] = str(i)
it = iter(shared)
dit = iter(d2)
vit = iter(d2.values())
iit = iter(d2.items())
kv = d2.keys()
got = []
seen = {}
def worker2(tid):
    n = 0
    while True:
        try:
            x = next(it)
            seen[x] = 1
            n += 1
        except StopIteration:
            break
    got.append(n)
    for j in range(3):
        for z in [dit, vit, iit]:
            try:
                while True:
                    next(z)
            except StopIteration:
                pass
    m = 0
    for r in range(20):
        for k in kv:
            m += 1
        d2[1000 + tid] = tid
        del d2[1000 + tid]
ts = [threading.Thread(target=worker2, args=(t,)) for t in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
# A shared iterator may hand an item to two threads (weakly consistent, as CPython 3.13t), never skip one.
print("no crash, shared iterator covered every item:", len(seen), sum(got) >= 1000)
