# RLock: re-entrant acquisition by the owner, with nested with-blocks and recursion.
import threading
rlock = threading.RLock()
log = []
def nested(depth):
    with rlock:
        if depth > 0:
            nested(depth - 1)
        else:
            log.append("bottom")
def worker(name):
    with rlock:
        with rlock:
            log.append(name)
print(rlock.acquire(), rlock.acquire())
rlock.release()
rlock.release()
nested(5)
threads = [threading.Thread(target=worker, args=("t" + str(i),)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(log))
total = 0
def add(n):
    global total
    for i in range(n):
        with rlock:
            with rlock:
                total += 1
ts = [threading.Thread(target=add, args=(10000,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("total", total)
