# Conditional expressions, nesting, precedence with other operators.
for n in [-2, 0, 5]:
    print("neg" if n < 0 else "zero" if n == 0 else "pos")
x = 3
print(10 if x > 2 else 20, (10 if x > 5 else 20) + 1, 10 + 1 if x else 0)
print([("even" if i % 2 == 0 else "odd") for i in range(4)])
def side(msg, v):
    print("eval", msg)
    return v
print(side("then", 1) if side("cond", True) else side("else", 2))
print(side("then", 1) if side("cond", 0) else side("else", 2))
y = None
print(y if y is not None else "default", not x if x else "x falsy")
