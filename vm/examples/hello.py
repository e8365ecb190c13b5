# hello.py: a short tour of the ftvm Python subset (README's main-job example).
# Deterministic output; runs unchanged under CPython 3.
import math
import sys
from math import sqrt, gcd

print("Hello from ftvm!", "args:", sys.argv[1:])

# ints are arbitrary precision, floats print like Python's repr
print("2 ** 100 =", 2 ** 100)
print("0.1 + 0.2 =", 0.1 + 0.2, "| 7 // -2 =", 7 // -2, "| -7 % 3 =", -7 % 3, "| round(2.5) =", round(2.5))

# functions, defaults, keyword arguments, recursion
def fib(n, memo={}):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]
print("fib(90) =", fib(90))

# lists, dicts, comprehensions, slicing, sorting with a key
primes = [n for n in range(2, 60) if all([n % d for d in range(2, int(sqrt(n)) + 1)])]
print("primes:", primes[:8], "... last three reversed:", primes[:-4:-1])
words = "free threaded python runs on biased reference counts".split()
by_length = {}
for w in words:
    by_length.setdefault(len(w), []).append(w)
print("by length:", by_length)
def last_letter(w):
    return w[-1]
print("sorted by last letter:", sorted(words, key=last_letter))

# tuple unpacking, enumerate, zip, f-string format specs
for i, (w, n) in enumerate(zip(words[:3], [3.14159, 2.71828, 1.41421])):
    print(f"{i:>2} | {w:<10} | {n:8.3f} | {n:e} | {len(w):03d} | {w:^10} |")

# errors are Python's, and catchable
for expr in ["1 / 0", "[][1]", "{}['k']", "int('x')"]:
    try:
        if expr == "1 / 0":
            1 / 0
        elif expr == "[][1]":
            [][1]
        elif expr == "{}['k']":
            {}["k"]
        else:
            int("x")
    except ZeroDivisionError as e:
        print(f"{expr:<8} -> ZeroDivisionError: {e}")
    except (IndexError, KeyError) as e:
        print(f"{expr:<8} -> lookup error: {e}")
    except ValueError as e:
        print(f"{expr:<8} -> ValueError: {e}")
    finally:
        pass

# math module
print("gcd(1071, 462) =", gcd(1071, 462), "| isqrt(10**20) =", math.isqrt(10 ** 20), "| sqrt(2) =", sqrt(2))
total = 0.0
for k in range(100000):
    total += 1.0 / ((2 * k + 1) * (2 * k + 1))
print(f"pi from sum 1/(2k+1)^2: {sqrt(8 * total):.6f} (math.pi = {math.pi:.6f})")
