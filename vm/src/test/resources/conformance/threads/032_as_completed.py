# concurrent.futures.as_completed: futures in completion order (a gate makes the order
# deterministic), each future once even if listed twice, already-finished futures first,
# exceptions stay inside their future, TimeoutError with CPython's message at the deadline.
import concurrent.futures
import threading
import time

gates = [threading.Event() for i in range(4)]

def task(i):
    gates[i].wait()
    if i == 2:
        raise ValueError("task 2 failed")
    return i * 10

with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
    fs = [ex.submit(task, i) for i in range(4)]
    order = []
    it = concurrent.futures.as_completed(fs + [fs[0]])
    for i in [3, 1, 0, 2]:
        gates[i].set()
        f = next(it)
        if f.exception() is not None:
            order.append("error: " + str(f.exception()))
        else:
            order.append(f.result())
    print(order)
    try:
        next(it)
    except StopIteration:
        print("each future once")

    done_first = ex.submit(abs, -5)
    done_first.result()
    print([f.result() for f in concurrent.futures.as_completed([done_first])])

    def slow():
        time.sleep(0.5)
        return "late"
    pending = [ex.submit(slow), ex.submit(slow)]
    got = []
    try:
        for f in concurrent.futures.as_completed(pending, timeout=0.05):
            got.append(f.result())
    except concurrent.futures.TimeoutError as e:
        print("TimeoutError:", e, got)
    print(sorted([f.result() for f in concurrent.futures.as_completed(pending)]))
    print(list(concurrent.futures.as_completed([])))
