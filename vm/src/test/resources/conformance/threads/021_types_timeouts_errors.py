# Type names of the threading/futures/queue objects, timeouts, queue.Empty/Full, and argument errors.
import threading
import queue
import time
from concurrent.futures import ThreadPoolExecutor
print(type(threading.Lock()).__name__, type(threading.RLock()).__name__, type(threading.Event()).__name__)  # subset-check: intentional (type(x).__name__ of the issue-6 objects)
print(type(threading.Thread(target=print)).__name__, type(queue.Queue()).__name__)  # subset-check: intentional (type(x).__name__ of the issue-6 objects)
with ThreadPoolExecutor(max_workers=1) as ex:
    f = ex.submit(time.sleep, 0.2)
    print(type(ex).__name__, type(f).__name__)  # subset-check: intentional (type(x).__name__ of the issue-6 objects)
    try:
        f.result(timeout=0.01)
    except TimeoutError:
        print("TimeoutError from result(timeout=0.01)")
    print(f.result(), f.exception(), f.done())
    bad = ex.submit(int, "x")
    print(type(bad.exception()).__name__, bad.exception())  # subset-check: intentional (type(x).__name__ of the issue-6 objects)
q = queue.Queue(maxsize=2)
q.put(1)
q.put_nowait(2)
print(q.full(), q.qsize(), q.maxsize)
try:
    q.put(3, timeout=0.01)
except queue.Full:
    print("queue.Full")
try:
    q.put(3, block=False)
except queue.Full:
    print("queue.Full again")
print(q.get(), q.get_nowait(), q.empty())
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("queue.Empty")
try:
    q.get_nowait()
except queue.Empty as e:
    print("Empty is an Exception:", isinstance(e, Exception), repr(str(e)))
q = queue.Queue()
for k in range(3):
    q.put(k)
    q.task_done()
q.put(3)
q.put(4)
try:
    q.task_done()
    q.task_done()
    q.task_done()
    q.task_done()
except ValueError as e:
    print(e)
lock = threading.Lock()
print(lock.acquire(timeout=0.5), lock.acquire(timeout=0.01), lock.locked())
lock.release()
try:
    lock.acquire(False, 1)
except ValueError as e:
    print(e)
try:
    ThreadPoolExecutor(max_workers=0)
except ValueError as e:
    print(e)
try:
    threading.Thread(targt=print)
except TypeError as e:
    print(e)
t = threading.Thread(target=print, args=("ran",))
print(t.ident, t.is_alive())
t.start()
t.join(timeout=5)
print(t.is_alive(), isinstance(t.ident, int), t.daemon)
print(isinstance(TimeoutError(), OSError), isinstance(queue.Empty(), Exception))
