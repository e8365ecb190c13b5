# Round trip of one list through a worker thread: submit(identity, payload).result().
# A thread gets the same object back (a reference), so the time must not grow with the list.
import sys
import time
from concurrent.futures import ThreadPoolExecutor

def identity(x):
    return x

def best_roundtrip(executor, payload, reps):
    best = 1e9
    for i in range(reps):
        t0 = time.perf_counter()
        back = executor.submit(identity, payload).result()
        t1 = time.perf_counter()
        if back is not payload:
            print("payload was copied")
            sys.exit(1)
        if t1 - t0 < best:
            best = t1 - t0
    return best

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
big = list(range(n))
small = [0]
with ThreadPoolExecutor(max_workers=1) as ex:
    best_roundtrip(ex, big, 50)
    s = best_roundtrip(ex, small, 200)
    b = best_roundtrip(ex, big, 200)
print(f"thread round trip, best of 200: 1 item {s * 1e6:.1f} us, {n} items {b * 1e6:.1f} us; same object back")
