# Program end with daemon threads still running or blocked: CPython exits without waiting for
# them and none of them prints again. ftvm stops each one (SystemExit at its next safe point or
# blocking call), so the run ends at once, prints nothing more, and --check reports no leak.
import threading
import queue

shared = []
q = queue.Queue()
ev = threading.Event()
lock = threading.Lock()
lock.acquire()

def busy(n):
    local = {"n": n, "items": []}
    while True:
        local["items"].append([n, 1.5, "x" * n])
        if len(local["items"]) > 200:
            local["items"] = []
        shared.append(n)
        if len(shared) > 500:
            del shared[:250]

def waits_forever():
    ev.wait()
    print("the event was never set")

def reads_queue():
    x = [1, 2, 3]
    item = q.get()
    print("the queue was never filled", item)

def takes_lock():
    with lock:
        print("the lock was never released")

started = []
for target, args in [(busy, (1,)), (busy, (2,)), (waits_forever, ()), (reads_queue, ()), (takes_lock, ())]:
    t = threading.Thread(target=target, args=args, daemon=True)
    t.start()
    started.append(t)

total = 0
for i in range(20000):
    total += i
print("daemon flags", [t.daemon for t in started])
print("alive before exit", sum([1 for t in started if t.is_alive()]))
print("main done", total)
