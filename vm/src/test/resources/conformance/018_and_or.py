# and/or return an operand and short-circuit.
def t(x):
    print("t", x)
    return x
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, "" or "default", "a" and "b", None or 0, [] and 1)
print(0 or "" or None, 1 and 2 and 3, 1 and 0 and 3, [] or {} or "last")
print(t(0) and t(1))
print(t(1) or t(2))
print(t(1) and t(0) or t(3))
print(t(None) or t(0) or t([]))
x = [] or [1, 2]
print(x, (0 or 5) + 1, not 0 and 4)
print(1 if 0 else 2, "y" if [0] else "n", 3 if None else 4 if 1 else 5)
