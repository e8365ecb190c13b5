# Program: matrix arithmetic on nested lists (ints, floats, big ints).
def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    return [[sum([a[i][k] * b[k][j] for k in range(m)]) for j in range(p)] for i in range(n)]
def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]
def transpose(a):
    return [[row[j] for row in a] for j in range(len(a[0]))]
def matpow(a, e):
    result = identity(len(a))
    while e > 0:
        if e & 1:
            result = matmul(result, a)
        a = matmul(a, a)
        e >>= 1
    return result
a = [[1, 2], [3, 4]]
print(matmul(a, a), transpose([[1, 2, 3], [4, 5, 6]]), matmul(a, identity(2)) == a)
print(matpow([[1, 1], [1, 0]], 100)[0][1])
h = [[1 / (i + j + 1) for j in range(4)] for i in range(4)]
for row in matmul(h, h):
    print(" ".join([f"{v:9.5f}" for v in row]))
print(matmul([[0.1, 0.2]], [[0.3], [0.4]]))
