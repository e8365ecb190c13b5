# sum() over floats. VERSION-DEPENDENT: CPython <= 3.11 adds left to right (these expected
# outputs, 3.11.7); CPython 3.12+ uses compensated (Neumaier) summation for floats in sum() and
# prints 1.0, 1.0, 0.6, 100.0 for the first four values below. Kept apart so ftvm can follow
# either version; regenerate this file with that CPython to switch.
print(sum([0.1] * 10))
print(sum([1e16, 1.0, -1e16]))
print(sum([0.1, 0.2, 0.3]))
print(sum([0.1] * 1000))
print(sum([0.5, 0.25, 0.125]), sum([1, 0.5]), sum([1.5], 1))
