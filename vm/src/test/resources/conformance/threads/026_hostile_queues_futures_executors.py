# Hostile program (crash hunt): objects handed through a bounded queue.Queue and Future results
# read by several threads, Lock/RLock, tasks raising, threads starting threads, executors created
# and shut down (wait or not) while another thread submits, one thread joined by four, an
# executor left open at exit. Prints only deterministic facts.
import threading
import queue
from concurrent.futures import ThreadPoolExecutor
q = queue.Queue(maxsize=5)
lk = threading.Lock()
rl = threading.RLock()
ev = threading.Event()
futs = []
out = []
def producer(tid):
    for i in range(400):
        q.put([tid, i, str(i), {"k": i}])
    q.put(None)
def consumer(tid):
    n = 0
    while True:
        x = q.get()
        if x is None:
            break
        n += x[1]
        with lk:
            out.append(x)
        with rl:
            with rl:
                if len(out) > 100:
                    del out[:50]
        q.task_done()
    q.task_done()
    return n
def task(i):
    if i % 7 == 0:
        raise ValueError(i)
    return [i] * 3
def getter(tid):
    s = 0
    ev.wait()
    for f in futs:
        try:
            r = f.result()
            s += r[0]
        except ValueError as e:
            s += 1
    return s
ex = ThreadPoolExecutor(max_workers=3)
for i in range(300):
    futs.append(ex.submit(task, i))
gs = [threading.Thread(target=getter, args=(t,)) for t in range(3)]
for g in gs:
    g.start()
ev.set()
ps = [threading.Thread(target=producer, args=(t,)) for t in range(2)]
cs = [ex.submit(consumer, t) for t in range(2)]
for p in ps:
    p.start()
for p in ps:
    p.join()
total = sum([c.result() for c in cs])
for g in gs:
    g.join()
def spawner(depth):
    if depth == 0:
        return
    t = threading.Thread(target=spawner, args=(depth - 1,))
    t.start()
    if depth % 2 == 0:
        t.join()
sp = [threading.Thread(target=spawner, args=(6,)) for t in range(3)]
for t in sp:
    t.start()
for t in sp:
    t.join()
ex.shutdown()
print(total == 2 * 400 * 399 // 2, q.qsize())
results = []
def task2(x):
    return [x, str(x)]
def submitter(ex, n, out):
    for i in range(n):
        try:
            out.append(ex.submit(task2, [i]))
        except RuntimeError:
            out.append(None)
for r in range(15):
    ex = ThreadPoolExecutor(max_workers=2)
    out = []
    s = threading.Thread(target=submitter, args=(ex, 50, out))
    s.start()
    ex.shutdown(wait=(r % 2 == 0))
    s.join()
    ok = 0
    for f in out:
        if f is not None:
            f.result()
            ok += 1
    results.append(len(out))
q = queue.Queue()  # a second queue
for i in range(100):
    q.put([i, {"a": [i]}])
def joiner(t):
    t.join()
def sleeper():
    x = q.get()
w = threading.Thread(target=sleeper)
w.start()
js = [threading.Thread(target=joiner, args=(w,)) for i in range(4)]
for j in js:
    j.start()
for j in js:
    j.join()
try:
    w.start()
except RuntimeError as e:
    print("RuntimeError", e)
left = ThreadPoolExecutor(max_workers=3)
fs = [left.submit(task2, i) for i in range(20)]
print(sum(results), q.qsize() >= 98)
