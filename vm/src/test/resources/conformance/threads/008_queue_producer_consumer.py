# queue.Queue: put/get/task_done/join/empty/qsize with producer and consumer threads.
import threading
import queue
q = queue.Queue()
print(q.empty(), q.qsize())
for i in range(5):
    q.put(i)
print(q.empty(), q.qsize(), q.get(), q.qsize())
q.task_done()
while not q.empty():
    q.get()
    q.task_done()
q.join()
print("drained", q.qsize())
results = []
lock = threading.Lock()
def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        with lock:
            results.append(item * item)
        q.task_done()
def producer(start, count):
    for i in range(start, start + count):
        q.put(i)
consumers = [threading.Thread(target=consumer) for i in range(3)]
producers = [threading.Thread(target=producer, args=(k * 100, 100)) for k in range(4)]
for t in consumers + producers:
    t.start()
for t in producers:
    t.join()
q.join()
for c in consumers:
    q.put(None)
for c in consumers:
    c.join()
print(len(results), sum(results), sorted(results)[:5], q.empty())
