# os.cpu_count() > 0; the seed's compute_heavy_pi on a small size through an executor.
import os
from concurrent.futures import ThreadPoolExecutor
print(os.cpu_count() > 0, isinstance(os.cpu_count(), int))
def compute_heavy_pi(iterations):
    pi = 0.0
    for k in range(iterations):
        pi += ((4.0 * (-1)**k) / (2 * k + 1))
    return pi
with ThreadPoolExecutor(max_workers=4) as executor:
    results = list(executor.map(compute_heavy_pi, [10000] * 4))
print(results)
print(len(results), results[0] == results[3])
