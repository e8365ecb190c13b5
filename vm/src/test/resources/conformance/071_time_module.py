# time module used only in ways whose output is deterministic.
import time
from time import perf_counter
t0 = time.perf_counter()
s = 0
for i in range(10000):
    s += i
t1 = perf_counter()
print(s, t1 >= t0, isinstance(t1 - t0, float))
w0 = time.time()
print(w0 > 1600000000.0, isinstance(w0, float))
b = time.perf_counter()
time.sleep(0.02)
a = time.perf_counter()
print("slept at least 10 ms:", a - b >= 0.01)
print(time.sleep(0), time.sleep(0.0))
