# Many threads append to one shared list without a lock: list.append never loses items.
import threading
shared = []
def appender(tid, n):
    for i in range(n):
        shared.append(tid * 1000000 + i)
N, T = 5000, 8
threads = [threading.Thread(target=appender, args=(t, N)) for t in range(T)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(shared), len(shared) == N * T)
print(sum(shared) == sum([t * 1000000 * N + N * (N - 1) // 2 for t in range(T)]))
per_thread = {}
for v in shared:
    tid = v // 1000000
    per_thread[tid] = per_thread.get(tid, 0) + 1
print(sorted(per_thread.items()))
order_ok = True
last = {}
for v in shared:
    tid, i = v // 1000000, v % 1000000
    if tid in last and last[tid] >= i:
        order_ok = False
    last[tid] = i
print("per-thread order preserved", order_ok)
