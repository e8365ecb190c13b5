# Executor tasks mutate shared list/dict with built-in atomic operations; totals are exact.
from concurrent.futures import ThreadPoolExecutor
import threading
log = []
counts = {}
lock = threading.Lock()
def task(tid):
    local = 0
    for i in range(2000):
        log.append(i)
        local += i
    with lock:
        counts[tid % 3] = counts.get(tid % 3, 0) + local
    return local
with ThreadPoolExecutor(max_workers=4) as ex:
    locals_ = list(ex.map(task, range(12)))
print(len(log), sum(log), sum(locals_), sorted(counts.items()))
