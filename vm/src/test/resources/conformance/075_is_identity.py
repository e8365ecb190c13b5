# is / is not on None, booleans, and objects whose identity is defined by the program.
a = [1, 2]
b = a
c = list(a)
print(a is b, a is c, a is not c, b is not a)
n = None
print(n is None, n is not None, [] is None, True is True, False is not True)
def f():
    return None
print(f() is None)
d = {"k": a}
print(d["k"] is a, d.get("k") is b, d.copy()["k"] is a)
t = (a, a)
print(t[0] is t[1])
x = [a][0]
print(x is a)
