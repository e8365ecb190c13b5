# Python 3.15 Concurrency Example: True CPU-Bound Parallel Execution
import sys
from concurrent.futures import ThreadPoolExecutor
# Verify free-threading is enabled
print("Free-threading active:", not sys.flags.gil)
def compute_heavy_pi(iterations: int) -> float:
    # CPU-bound calculation optimized by the Tier 2 JIT
    pi = 0.0
    for k in range(iterations):
        pi += ((4.0 * (-1)**k) / (2 * k + 1))
    return pi
# Runs concurrently across physical CPU cores without GIL contention
with ThreadPoolExecutor(max_workers=8) as executor:
    results = list(executor.map(compute_heavy_pi, [10000000] * 8))
