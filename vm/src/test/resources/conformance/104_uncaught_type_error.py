# Uncaught TypeError from a wrong call arity of a def function.
def two(a, b):
    return a + b
print(two(1, 2))
print(two(1, 2, 3))
