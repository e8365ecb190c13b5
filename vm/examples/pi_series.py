# Single-threaded float series: Leibniz's series for pi, then the Nilakantha series.
# Only + - * / on floats, so every IEEE-754 implementation produces the same digits.
# Usage: pi_series.py [TERMS]   (default 5000000)
import sys

def leibniz(terms):
    total = 0.0
    sign = 1.0
    denominator = 1.0
    for k in range(terms):
        total += sign / denominator
        sign = -sign
        denominator += 2.0
    return 4.0 * total

def nilakantha(terms):
    total = 3.0
    sign = 1.0
    n = 2.0
    for k in range(terms):
        total += sign * 4.0 / (n * (n + 1.0) * (n + 2.0))
        sign = -sign
        n += 2.0
    return total

terms = int(sys.argv[1]) if len(sys.argv) > 1 else 5000000
a = leibniz(terms)
b = nilakantha(terms)
print("terms", terms)
print("leibniz", a)
print("nilakantha", b)
print(f"{a:.12f} {b:.15f}")
