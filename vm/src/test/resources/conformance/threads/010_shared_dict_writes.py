# Threads write disjoint keys, and read/update shared keys under a lock, in one shared dict.
import threading
d = {}
lock = threading.Lock()
def writer(tid, n):
    for i in range(n):
        d[(tid, i)] = i * i
        with lock:
            d["total"] = d.get("total", 0) + 1
T, N = 6, 3000
threads = [threading.Thread(target=writer, args=(t, N)) for t in range(T)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(d), d["total"], d[(3, 10)], d[(5, N - 1)])
print(sum([v for k, v in d.items() if k != "total"]) == T * sum([i * i for i in range(N)]))
keys = [k for k in d if k != "total"]
print(len(keys), min(keys), max(keys))
