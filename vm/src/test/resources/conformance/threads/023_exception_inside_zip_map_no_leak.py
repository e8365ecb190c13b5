# Threads whose built-in calls raise half-way: zip/map take items from several iterators and
# list()/tuple() collect items, then an inner function raises. Every item already taken must be
# dropped (checked by --check: no leak), and the threads that die with the error leave none either.
import threading
def badmap(x):
    if x > 50:
        raise KeyError(x)
    return [x]
caught = []
def worker(tid):
    n = 0
    for i in range(300):
        try:
            x = list(zip(map(str, range(5)), map(badmap, range(48, 55))))
        except KeyError:
            n += 1
        try:
            y = tuple(map(badmap, [1, 2, 60]))
        except KeyError:
            n += 1
        try:
            z = list(map(badmap, range(i % 60)))
        except KeyError:
            n += 1
        try:
            w = sorted(zip([str(i)], map(badmap, [i % 60])))
        except KeyError:
            n += 1
    caught.append(n)
    if tid % 2 == 1:
        x = list(zip([str(tid)], map(badmap, [99])))
ts = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(caught))
