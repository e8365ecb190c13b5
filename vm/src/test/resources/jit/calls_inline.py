# Calls between compiled functions: leaf functions inlined at exact-args sites, other callees
# entered directly; every guard failure and every error must behave as a real call.
import math

def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)

def mix(a, b):
    return a * 3 - b // 4 + a % 7 - -b

def half(a, b):
    return a / b

def neg(a):
    return -a

def poly(x):
    return 2.5 * x * x - 0.5 * x + 1

def sums(n):
    s = 0.0
    t = 0
    for i in range(n):
        for j in range(20):
            s += eval_a(i, j) * 1.5
            t += mix(i - 50, j - 10)
    return s, t

print(sums(300))

def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x

def clamped(n):
    total = 0
    for k in range(n):
        total += clamp(k % 50, 10, 40) + clamp(k, lo=5, hi=7) + clamp(k, 3, hi=9)
    return total

print(clamped(5000))

def edges():
    out = []
    big = 2 ** 62
    for k in range(3000):
        out.append(mix(k, -k))
    print(sum(out), out[-3:])
    # overflow into big ints, then back
    print(mix(big, 3), mix(-big, -big), neg(-2 ** 63), neg(2 ** 63))
    # int true division beyond 2**53 is exact in Python
    print(half(2 ** 53 + 1, 3), half(10 ** 17 + 3, 10 ** 16 + 1), half(7, 2), half(-7, 2))
    # floor division and modulo signs
    print([mix(a, b) for a in (-9, -1, 0, 1, 9) for b in (-9, -4, 4, 9)])
    # bools and floats take the real call (the inlined code only takes ints)
    print(mix(True, False), mix(2.5, 8.0), half(1.0, 4), poly(3), poly(0.5), neg(1.5))
    # division by zero inside the leaf, caught in the caller
    caught = 0
    for k in range(3000):
        try:
            half(k, k % 5)
        except ZeroDivisionError as e:
            caught += 1
            msg = str(e)
    print(caught, msg)
    try:
        mix(1, 0) ; mix(3, 4); print(eval_a(-1, 0))
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)

edges()

def rebind_loop(n):
    acc = 0
    for k in range(n):
        acc += mix(k, 1)
        if k == n // 2:
            rebind()
    return acc

def other(a, b):
    return a - b

def rebind():
    global mix
    mix = other

print(rebind_loop(4000))
print(mix(10, 3))

def to_builtin(n):
    acc = 0
    for k in range(n):
        acc += neg(k)
        if k == n // 2:
            swap_neg()
    return acc

def swap_neg():
    global neg
    neg = abs

print(to_builtin(4000))

def down(n):
    if n == 0:
        return poly(n)
    return down(n - 1) + 1

print(down(100))
ok = []
for n in range(990, 1000):
    try:
        down(n)
        ok.append(n)
    except RecursionError as e:
        print("RecursionError at", n, e)
        break
print(ok[-1] if ok else None)
print(f"{math.sqrt(sums(40)[0]):.9f}")
