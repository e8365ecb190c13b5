# math module: exact results printed with repr, transcendental results with a fixed precision
# (libm implementations may differ in the last bit; see README).
import math
from math import sqrt, isqrt, gcd
print(math.pi, math.e, math.inf, -math.inf, math.pi * 2)
print(sqrt(0.0), sqrt(1.0), sqrt(2.0), sqrt(16), sqrt(1e100), sqrt(0.25), sqrt(2 ** 100), sqrt(3))
print(math.floor(2.7), math.floor(-2.7), math.floor(5), math.floor(-0.0), math.floor(1e20), math.floor(2 ** 70))
print(math.ceil(2.1), math.ceil(-2.1), math.ceil(5), math.ceil(-0.5), math.ceil(1e16 + 0.5))
print(math.fabs(-3), math.fabs(2.5), math.fabs(-0.0), math.fabs(-math.inf))
print(isqrt(0), isqrt(15), isqrt(16), isqrt(10 ** 40 + 1), isqrt(2 ** 127))
print(gcd(12, 18), gcd(-12, 18), gcd(0, 0), gcd(0, 7), gcd(2 ** 80, 6 ** 40), gcd(17, 31))
print(math.sin(0.0), math.cos(0.0), math.tan(0.0), math.exp(0.0), math.log(1.0), math.atan2(0.0, 1.0))
print(f"{math.log(math.e):.12f} {math.exp(1.0):.12f} {math.log(8, 2):.12f} {math.atan2(1.0, 1.0) * 4:.12f}")
for x in [0.5, 1.0, 2.0, 3.0, -1.25, 10.0]:
    print(f"{x:6.2f} sin={math.sin(x):.12f} cos={math.cos(x):.12f} tan={math.tan(x):.10f} exp={math.exp(x):.10e} atan2={math.atan2(x, 2.0):.12f}")
for x in [0.5, 2.0, 10.0, 1e6, 123.456]:
    print(f"log({x}) = {math.log(x):.12f}")
print(f"{math.log(1000, 10):.12f} {math.log(1024, 2):.12f} {math.log(2 ** 1000):.6f}")
print(math.atan2(0.0, -1.0) == math.pi, math.atan2(-0.0, -1.0) == -math.pi, math.atan2(1, 0) == math.pi / 2)
print(f"{math.sin(math.pi):.6f} {math.cos(math.pi):.6f} {math.sin(math.pi / 2):.6f}")
print(math.inf > 10 ** 300, math.floor(math.pi), math.ceil(math.e))
for f, arg in [("sqrt", -1.0), ("log", 0.0), ("log", -1.0), ("exp", 1000.0), ("isqrt", -1), ("floor", math.inf)]:
    try:
        if f == "sqrt":
            math.sqrt(arg)
        elif f == "log":
            math.log(arg)
        elif f == "exp":
            math.exp(arg)
        elif f == "isqrt":
            math.isqrt(arg)
        else:
            math.floor(arg)
    except ValueError as e:
        print(f, arg, "ValueError:", e)
    except OverflowError as e:
        print(f, arg, "OverflowError:", e)
