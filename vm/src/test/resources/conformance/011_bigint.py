# Arbitrary-precision integers.
f = 1
for i in range(1, 51):
    f *= i
print(f)
print(2 ** 100, -2 ** 100, 2 ** 64 - 1, 3 ** 80)
a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, a - b, a * b)
print(b // a, b % a, -b // a, -b % a, b // -a, b % -a)
print(divmod(b, a), divmod(-b, 7))
print(a / b)
print(2 ** 200 // 3 ** 50)
print(10 ** 30 == 1000000000000000000000000000000, 10 ** 30 > 10 ** 29)
print(abs(-2 ** 70), int("-" + "9" * 40) + 1)
print((2 ** 70) & (2 ** 70 - 1), (2 ** 70) | 1, (2 ** 70) ^ (2 ** 69), (2 ** 70) >> 60, 1 << 100)
print(-(2 ** 70) >> 3, ~(2 ** 70), (-2 ** 70) & 0xFFFF)
print(str(2 ** 90), len(str(7 ** 500)))
print(pow(3, 200, 1000007), pow(2, 1000) % 1000000007)
print(2 ** 63, -2 ** 63, 2 ** 63 - 1 + 1, (2 ** 63) * (2 ** 63))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)), hash(2 ** 100))
fib_a, fib_b = 0, 1
for i in range(300):
    fib_a, fib_b = fib_b, fib_a + fib_b
print(fib_a)
