# Uncaught RecursionError (CPython abbreviates the repeated frames; only the last line is compared).
def forever(n):
    return forever(n + 1) + 1
print("recursing")
forever(0)
