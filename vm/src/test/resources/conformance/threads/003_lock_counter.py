# Lock with acquire/release and with: a shared counter incremented under the lock is exact.
import threading
lock = threading.Lock()
counter = 0
def add_with(n):
    global counter
    for i in range(n):
        with lock:
            counter += 1
def add_acquire(n):
    global counter
    for i in range(n):
        lock.acquire()
        try:
            counter += 1
        finally:
            lock.release()
threads = [threading.Thread(target=add_with, args=(20000,)) for i in range(3)]
threads += [threading.Thread(target=add_acquire, args=(20000,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter)
print(lock.acquire(), lock.acquire(False))
lock.release()
print(lock.acquire(blocking=False))
lock.release()
with lock:
    print("inside with")
print(lock.acquire(False))
lock.release()
