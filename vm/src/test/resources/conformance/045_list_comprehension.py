# List comprehensions: nested for, if filters, nested comprehensions, using function locals.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
print([c.upper() for c in "hello" if c != "l"])
print([x if x % 2 else -x for x in range(6)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([n for row in matrix for n in row if n > 2])
def scaled(values, factor):
    return [v * factor for v in values if v > 0]
print(scaled([-1, 2, 3], 10))
words = ["apple", "bob", "kayak", "tree"]
print([w for w in words if w == w[::-1]])
print([(k, v) for k, v in {"a": 1, "b": 2}.items()])
print([len(w) for w in words], sum([i for i in range(101)]))
print([i for i in []], [[]for i in range(2)])
x = "outer"
print([x for x in "ab"], x)
primes = [n for n in range(2, 50) if all([n % d for d in range(2, n) if d * d <= n])]
print(primes)
