# threading.Thread(target=, args=, kwargs=) with start/join; results collected then sorted.
import threading
results = []
def work(n, scale=1, offset=0):
    total = 0
    for i in range(n):
        total += i * scale
    results.append(total + offset)
threads = []
for k in range(4):
    t = threading.Thread(target=work, args=(1000 * (k + 1),), kwargs={"scale": 2, "offset": k})
    threads.append(t)
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
print(len(results), sum(results))
t = threading.Thread(target=work, args=(10,))
t.start()
t.join()
print(results[-1])
