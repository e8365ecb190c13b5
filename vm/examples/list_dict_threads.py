# A list/dict-heavy threaded workload for the scaling measurement (bench/scaling.sh).
# TASKS (8) independent tasks run on a ThreadPoolExecutor with WORKERS threads; the total work is
# fixed, only the parallelism varies. Each task draws pseudo-random words from its own
# deterministic generator (an LCG, so no random module is needed), counts them in a private dict,
# keeps a private list of samples, sorts its counts, and also touches SHARED objects through
# built-in operations that are atomic per object (list.append on a shared list, d[k] = v on a
# shared dict with per-task keys) -- the pattern the seed article says needs auditing.
# The output is deterministic: per-task summaries in task order, then totals.
# Usage: list_dict_threads.py [ITEMS_PER_TASK [WORKERS]]   (defaults 400000, 8)
import sys
from concurrent.futures import ThreadPoolExecutor

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 400000
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
TASKS = 8
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
         "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi"]

shared_log = []
shared_samples = {}

def by_count_then_key(item):
    return (-item[1], item[0])

def task(tid):
    seed = tid * 7919 + 1
    counts = {}
    samples = []
    for i in range(ITEMS):
        seed = (seed * 1103515245 + 12345) % 2147483648
        key = WORDS[(seed >> 16) % 16] + str(seed % 7)
        counts[key] = counts.get(key, 0) + 1
        if i % 64 == 0:
            samples.append((key, i))
        if i % 1024 == 0:
            shared_log.append(tid)
    shared_samples[tid] = len(samples)
    ranked = sorted(counts.items(), key=by_count_then_key)
    return tid, len(counts), sum(counts.values()), ranked[:3], samples[-1]

with ThreadPoolExecutor(max_workers=WORKERS) as executor:
    results = list(executor.map(task, range(TASKS)))

print("tasks:", TASKS, "items per task:", ITEMS, "workers:", WORKERS)
for tid, distinct, total, top, last in results:
    print(f"task {tid}: {distinct} keys, {total} items, top {top}, last sample {last}")
per_task = {}
for tid in shared_log:
    per_task[tid] = per_task.get(tid, 0) + 1
print("shared log:", len(shared_log), "entries,", sorted(per_task.items()))
print("shared samples:", sorted(shared_samples.items()))
