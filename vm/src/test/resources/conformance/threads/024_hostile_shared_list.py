# Hostile program (crash hunt): threads mutate one list with every mutating operation while
# others iterate, index, repr, compare, sort, copy and count it. Racy by design: it prints only
# deterministic facts. Checks no crash, no Java error and (under --check) no leak.
import threading
shared = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
errors = []
def mut(tid):
    global shared
    for i in range(1200):
        k = i % 12
        try:
            if k == 0:
                shared.append(i)
            elif k == 1:
                shared.pop()
            elif k == 2:
                shared.insert(0, tid)
            elif k == 3:
                shared.sort()
            elif k == 4:
                shared.reverse()
            elif k == 5:
                shared.extend([1, 2, 3])
            elif k == 6:
                del shared[0:2]
            elif k == 7:
                shared[0] = i
            elif k == 8:
                shared[1:3] = [i, i, i]
            elif k == 9:
                shared.remove(1)
            elif k == 10:
                shared.extend(shared)
                if len(shared) > 200:
                    del shared[50:]
            else:
                shared += [tid]
        except (IndexError, ValueError):
            pass
def reader(tid):
    n = 0
    for i in range(400):
        try:
            for x in shared:
                n += 1
            s = repr(shared)
            y = shared[len(shared) - 1]
            z = shared == shared[:]
            w = shared < [5]
            c = shared.count(3)
            s2 = sorted(shared)
            m = max(shared) if len(shared) > 0 else 0
            ix = shared.index(3)
            cp = shared.copy() + shared * 2
            t = tuple(shared)
            a = 3 in shared
        except (IndexError, ValueError):
            pass
ts = []
for t in range(3):
    ts.append(threading.Thread(target=mut, args=(t,)))
    ts.append(threading.Thread(target=reader, args=(t,)))
for t in ts:
    t.start()
for t in ts:
    t.join()
total = []
def appender(tid):
    for i in range(500):
        shared.append(i)
        total.append(1)
ts = [threading.Thread(target=appender, args=(t,)) for t in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("no crash, appends counted:", len(total), type(len(shared)).__name__)
