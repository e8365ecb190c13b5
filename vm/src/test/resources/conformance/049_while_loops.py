# while loops: counting, nested, with break/continue, numeric algorithms.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(2 ** 64, 2 ** 40 * 3))
def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print([collatz(n) for n in range(1, 16)], collatz(27))
def isqrt(n):
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x
print(isqrt(10 ** 40), isqrt(99), isqrt(2 ** 101))
i = 0
total = 0
while i < 100:
    i += 1
    if i % 7:
        continue
    total += i
print(total)
row = 1
while row <= 4:
    col = 1
    line = ""
    while col <= row:
        line += str(row * col) + " "
        col += 1
    print(line.rstrip())
    row += 1
