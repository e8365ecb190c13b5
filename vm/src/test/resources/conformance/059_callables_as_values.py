# Built-in functions, bound methods, def functions and modules are values: stored, passed, called.
import math
import sys
lst = []
push = lst.append
for i in range(3):
    push(i * i)
print(lst)
shout = "quiet words".upper
print(shout(), shout())
d = {"a": 1}
lookup = d.get
d["b"] = 2
print(lookup("b"), lookup("z", "none"))
f = len
g = abs
print(f("four"), g(-4), [h(x) for h, x in [(len, "ab"), (abs, -9), (str, 12), (max, [3, 7])]])
m = math
print(m.sqrt(9.0), m is math, m.floor(m.pi))
modules = {"math": math, "sys": sys}
print(modules["math"].isqrt(99), len(modules["sys"].argv))
def twice(fn, v):
    return fn(fn(v))
def inc(x):
    return x + 1
print(twice(inc, 5), twice(abs, -3), twice(str, 7), twice(sorted, [2, 1]))
table = [inc, abs, float]
print([fn(-2) for fn in table])
count_a = "banana".count
split_comma = "a,b,c".split
print(count_a("a"), split_comma(","), list(map("-".join, [["x", "y"], ["z"]])))
pop = lst.pop
print(pop(), pop(0), lst)
print(push is not None, inc is inc, table[0] is inc)
