import math
def add(a, b):
    return a + b
def dflt(a, b=10, c=20):
    return a + b + c
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def caller(n):
    s = 0
    out = []
    for i in range(n):
        s = add(s, i)
        s += dflt(i) + dflt(i, 1) + dflt(i, c=2)
        out.append(math.sqrt(i))
    return s, len(out), out[-1], max(out), sorted([3, 1, 2], reverse=True)
print(caller(3000))
print(fib(20))
G = 5
def glob(n):
    t = 0
    for i in range(n):
        t += G + len("ab")
    return t
print(glob(3000))
G = 7.5
print(glob(3000))
def len(x):
    return 100
print(glob(3000))
del len
print(glob(10))
