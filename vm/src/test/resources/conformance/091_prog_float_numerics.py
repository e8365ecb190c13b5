# Program: float numerics with exactly reproducible results (only + - * / and sqrt).
def newton_sqrt(x):
    g = x / 2.0
    for i in range(30):
        g = (g + x / g) / 2.0
    return g
print(newton_sqrt(2.0), newton_sqrt(1e10), newton_sqrt(0.25))
def simpson(n):
    h = 1.0 / n
    s = 1.0 + 1.0 / 2.0
    for i in range(1, n):
        x = i * h
        s += (4.0 if i % 2 else 2.0) / (1.0 + x * x)
    return s * h / 3.0 * 4.0
print(simpson(10), simpson(1000))
def harmonic(n):
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / k
    return s
print(harmonic(10), harmonic(100000))
def kahan(values):
    s = 0.0
    c = 0.0
    for v in values:
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    return s
vals = [0.1] * 1000
naive = 0.0
for v in vals:
    naive += v
print(naive, kahan(vals))
x = 1.0
while 1.0 + x / 2.0 > 1.0:
    x /= 2.0
print("machine epsilon", x)
y = 1.0
while y / 2.0 > 0.0:
    y /= 2.0
print("smallest subnormal", y)
print(0.1 * 3 - 0.3, 1e308 + 1e308, -(1e308 + 1e308), (1e308 + 1e308) - (1e308 + 1e308))
