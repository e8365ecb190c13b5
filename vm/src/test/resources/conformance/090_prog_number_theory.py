# Program: factorization, perfect numbers, digit sums, big-int powers and modular arithmetic.
def factor(n):
    fs = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            fs.append(d)
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        fs.append(n)
    return fs
print(factor(360), factor(97), factor(2 ** 32 + 1), factor(600851475143), factor(1))
def divisor_sum(n):
    s = 1
    d = 2
    while d * d <= n:
        if n % d == 0:
            s += d
            if d * d != n:
                s += n // d
        d += 1
    return s
print([n for n in range(2, 10000) if divisor_sum(n) == n])
print(sum([int(c) for c in str(2 ** 1000)]), len(str(3 ** 1000)), str(7 ** 77)[:20])
def modinv(a, m):
    return pow(a, -1, m)
print(modinv(17, 3120), (17 * modinv(17, 3120)) % 3120)
p, q = 61, 53
n, phi, e = p * q, (p - 1) * (q - 1), 17
d = modinv(e, phi)
msg = 65
c = pow(msg, e, n)
print(n, d, c, pow(c, d, n))
def digits_of_e(k):
    total = 0
    term = 10 ** (k + 5)
    i = 0
    while term:
        total += term
        i += 1
        term //= i
    return str(total // 10 ** 5)
print(digits_of_e(50))
