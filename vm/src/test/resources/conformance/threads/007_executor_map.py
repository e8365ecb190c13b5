# ThreadPoolExecutor.map over one and over several iterables; results come back in input order.
import concurrent.futures
def cube(x):
    return x * x * x
def combine(a, b, c):
    return a * 100 + b * 10 + c
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
    print(list(ex.map(cube, range(10))))
    print(list(ex.map(combine, [1, 2, 3], [4, 5, 6], [7, 8, 9])))
    print(list(ex.map(len, ["a", "bb", "ccc"])))
    print(list(ex.map(cube, [])))
    total = 0
    for r in ex.map(cube, range(1, 101)):
        total += r
    print(total)
