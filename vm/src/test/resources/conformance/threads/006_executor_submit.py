# ThreadPoolExecutor submit -> Future.result()/done(), with-block, shutdown(wait=True).
from concurrent.futures import ThreadPoolExecutor
def square_sum(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
def fails(x):
    return 10 / x
with ThreadPoolExecutor(max_workers=4) as ex:
    futures = [ex.submit(square_sum, n) for n in [10, 100, 1000, 10000]]
    results = [f.result() for f in futures]
    print(results)
    print([f.done() for f in futures])
    bad = ex.submit(fails, 0)
    try:
        bad.result()
    except ZeroDivisionError as e:
        print("future raised ZeroDivisionError:", e)
    print(ex.submit(fails, 5).result())
ex2 = ThreadPoolExecutor(max_workers=2)
fs = [ex2.submit(square_sum, 50), ex2.submit(pow, 2, 100), ex2.submit(sorted, [3, 1, 2])]
ex2.shutdown(wait=True)
print([f.done() for f in fs], [f.result() for f in fs])
