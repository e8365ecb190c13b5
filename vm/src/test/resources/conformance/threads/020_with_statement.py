# with-statement on Lock, RLock and ThreadPoolExecutor: exceptions, break/continue/return through the block.
import threading
from concurrent.futures import ThreadPoolExecutor
lock = threading.Lock()
try:
    with lock:
        raise KeyError("k")
except KeyError as e:
    print("caught", e, lock.locked())
def f(x):
    return x * 2
try:
    with ThreadPoolExecutor(max_workers=2) as ex:
        fut = ex.submit(f, 21)
        raise ValueError("body")
except ValueError as e:
    print("caught", e, fut.result(), fut.done())
try:
    ex.submit(f, 1)
except RuntimeError as e:
    print(e)
r = threading.RLock()
def g(n):
    with r:
        if n:
            return g(n - 1)
        return "deep"
print(g(50))
for i in range(3):
    with lock:
        if i == 1:
            continue
        print("loop", i)
def h():
    with lock:
        return "returned"
print(h(), lock.locked())
e = threading.Event()
print(e.wait(0.001), e.wait(timeout=None) if e.set() is None else 0)
