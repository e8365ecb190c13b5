# Exact int/float semantics that a VM cannot get by converting ints to doubles:
# comparisons are exact, int / int is correctly rounded, huge ints stay exact.
big = 2 ** 53 + 1
print(big == float(big), big > 2.0 ** 53, big - 1 == 2.0 ** 53, float(big), int(float(big)))
print(10 ** 20 == 1e20, 10 ** 23 == 1e23, 10 ** 22 == 1e22, 2 ** 1000 < float("inf"), -2 ** 1000 > -float("inf"))
print(2 ** 64 + 1 > 1.8446744073709552e19, 2 ** 64 - 1 < 1.8446744073709552e19, (2 ** 64 + 1) == 2.0 ** 64)
print(10 ** 400 > 1e308, 10 ** 400 < float("inf"), -(10 ** 400) < -1e308)
print(10 ** 400 / 10 ** 399, (10 ** 400 + 1) / 10 ** 400, 1 / 10 ** 400, 2 ** 1000 / 3, 7 / 2 ** 70)
print((2 ** 53 + 1) / 1, (2 ** 54 + 3) / 2, 12345678901234567890 / 10, 3 / 7)
print(int(1e300) % 1000, int(1e22), int(-1.5e16), int(2.0 ** 80), int(0.9999999999999999))
print(10 ** 20 * 1.5, 10 ** 20 + 0.5, 2 ** 60 - 0.5, 10 ** 20 % 7.0, 10 ** 20 // 7.0)
print(max(2 ** 53 + 1, float(2 ** 53)), min(10 ** 30, 1e30), sorted([1e30, 10 ** 30 + 1, 10 ** 30 - 1]))
print(1e16 == 10 ** 16, 1e16 + 1 == 10 ** 16 + 1, float(10 ** 16 + 1), 0.1 == 1 / 10, 3 * 0.1 == 0.3)
d = {2 ** 53: "int key"}
print(d.get(2.0 ** 53), (2 ** 53 + 1) in d, float(2 ** 53 + 1) in d)
print(round(2 ** 70 + 0.0), round(1e22), round(123456789.123456789, 4), round(-2.5e-8, 9))
