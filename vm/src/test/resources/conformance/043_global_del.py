# global statement, module-level state, local shadowing, del of names and subscripts.
counter = 0
def bump(n):
    global counter
    counter += n
    return counter
bump(2); bump(3)
print(counter)
def make_new():
    global created
    created = "made in function"
make_new()
print(created)
x = "global x"
def local_x():
    x = "local x"
    return x
print(local_x(), x)
def read_global():
    return x + "!"
print(read_global())
y = 10
del y
try:
    print(y)
except NameError as e:
    print("NameError:", e)
l = [0, 1, 2, 3, 4]
del l[0]
del l[-1]
print(l)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
nested = {"k": [1, 2, 3]}
del nested["k"][1]
print(nested)
a, b = 1, 2
del a, b
try:
    a
except NameError as e:
    print("NameError:", e)
def del_local():
    z = 5
    del z
    return "deleted"
print(del_local())
g = 1
def modify_both():
    global g, h
    g = g + 1
    h = g * 10
modify_both()
print(g, h)
