# One exception object raised and re-raised by several threads at once: each raise prepends
# traceback entries to the same object, so no entry may be lost (leaked) or freed twice.
import threading
shared = []
try:
    raise ValueError("shared one")
except ValueError as e:
    shared.append(e)
err = shared[0]
box = [err]
def f(n):
    if n == 0:
        raise err
    return f(n - 1)
def worker(tid):
    caught = 0
    for i in range(1500):
        try:
            f(i % 4)
        except ValueError as e:
            caught += 1
            box[0] = e
        try:
            raise box[0]
        except ValueError as e2:
            caught += 1
            try:
                raise KeyError(tid)
            except KeyError as k:
                box.append(k)
                if len(box) > 20:
                    del box[1:]
    results.append(caught)
results = []
ts = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results))
print(str(err), repr(box[0]), len(box) <= 21)
