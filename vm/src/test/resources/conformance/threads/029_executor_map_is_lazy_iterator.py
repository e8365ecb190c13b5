# ThreadPoolExecutor.map returns an iterator (CPython: a generator): results in input order,
# each as it completes; a task's exception is raised only when its item is reached (the items
# before it are delivered first), after which the iterator is finished; timeout counts from the
# map call.
import concurrent.futures
import threading
import time

def slow_square(x):
    if x == 0:
        time.sleep(0.2)
    return x * x

def fail_at_3(x):
    if x == 3:
        raise ValueError("bad item " + str(x))
    return x * 10

with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
    it = ex.map(slow_square, range(6))
    print(next(it), next(it), list(it))
    try:
        next(it)
    except StopIteration:
        print("exhausted")

    got = []
    it = ex.map(fail_at_3, range(6))
    try:
        for r in it:
            got.append(r)
    except ValueError as e:
        print("raised at item", len(got), "after", got, e)
    print("after the error:", list(it))

    # map returns before the slow first task completes: it does not wait for results.
    gate = threading.Event()
    def wait_gate(x):
        gate.wait()
        return x + 1
    t0 = time.time()
    it = ex.map(wait_gate, [1, 2, 3])
    print("map returned before the tasks finished:", time.time() - t0 < 0.5)
    gate.set()
    print(list(it))

    # timeout: the deadline counts from the map call
    def sleepy(x):
        time.sleep(0.5)
        return x
    it = ex.map(sleepy, [1], timeout=0.05)
    try:
        next(it)
    except concurrent.futures.TimeoutError:
        print("TimeoutError")
    print(list(ex.map(abs, [-1, -2], timeout=5)))
    print(sum(ex.map(slow_square, range(1, 11))), sorted(ex.map(abs, [3, -1, 2])))
