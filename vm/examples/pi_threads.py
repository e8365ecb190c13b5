# The seed article's example program: a float series (Leibniz's series for pi) summed by the
# workers of a ThreadPoolExecutor. compute_heavy_pi and the executor.map call are the article's,
# unchanged (including the annotations); additions, all outside that logic:
#   - argv[1]: iterations per task (default 10000000, the article's value),
#     argv[2]: max_workers (default 8, the article's value; bench/scaling.sh varies it).
#     The number of tasks stays 8, so the total work is fixed and only the parallelism varies.
#   - sys.flags.gil only exists from CPython 3.13 on; older CPythons always have a GIL.
#   - the results are printed at the end (deterministic: every task computes the same float).
# Usage: pi_threads.py [ITERATIONS [WORKERS]]
import sys
from concurrent.futures import ThreadPoolExecutor

ITERATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
TASKS = 8

# Verify free-threading is enabled
try:
    gil = sys.flags.gil
except AttributeError:
    gil = 1
print("Free-threading active:", not gil)

def compute_heavy_pi(iterations: int) -> float:
    # CPU-bound calculation optimized by the Tier 2 JIT
    pi = 0.0
    for k in range(iterations):
        pi += ((4.0 * (-1)**k) / (2 * k + 1))
    return pi

# Runs concurrently across physical CPU cores without GIL contention
with ThreadPoolExecutor(max_workers=WORKERS) as executor:
    results = list(executor.map(compute_heavy_pi, [ITERATIONS] * TASKS))

print("tasks:", len(results), "iterations per task:", ITERATIONS, "workers:", WORKERS)
print("all equal:", all([r == results[0] for r in results]))
print("pi ~", results[0])
