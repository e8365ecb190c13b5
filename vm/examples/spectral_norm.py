# The spectral-norm benchmark (Computer Language Benchmarks Game), written from scratch in the
# ftvm subset: the largest singular value of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1)
# by 10 power iterations on an N x N section.
# Usage: spectral_norm.py [N]   (default 400)
import sys
import math

def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)

def mul_av(v, n):
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(i, j) * v[j]
        out.append(s)
    return out

def mul_atv(v, n):
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(j, i) * v[j]
        out.append(s)
    return out

def mul_atav(v, n):
    return mul_atv(mul_av(v, n), n)

n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
u = [1.0] * n
v = u
for i in range(10):
    v = mul_atav(u, n)
    u = mul_atav(v, n)
vbv = 0.0
vv = 0.0
for i in range(n):
    vbv += u[i] * v[i]
    vv += v[i] * v[i]
print(f"{math.sqrt(vbv / vv):.9f}")
