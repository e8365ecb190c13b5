# Deep recursion raises RecursionError (caught); the program keeps working afterwards.
def depth(n):
    return depth(n + 1)
try:
    depth(0)
except RecursionError as e:
    print("caught RecursionError:", e)
def count_down(n):
    if n == 0:
        return 0
    return 1 + count_down(n - 1)
print(count_down(800))
def mutual_a(n):
    return mutual_b(n + 1)
def mutual_b(n):
    return mutual_a(n + 1)
try:
    mutual_a(0)
except RecursionError:
    print("caught mutual RecursionError")
def safe_sum(l, i):
    if i == len(l):
        return 0
    return l[i] + safe_sum(l, i + 1)
print(safe_sum(list(range(500)), 0))
caught = 0
for i in range(3):
    try:
        depth(0)
    except RecursionError:
        caught += 1
print("caught", caught, "times")
