# Scoping: local vs global, reading a global before a local assignment, parameters shadowing globals.
x = 1
def read():
    return x
def shadow():
    x = 2
    return x
def unbound():
    try:
        print(x)
    except NameError:
        print("NameError: local 'x' referenced before assignment")
    x = 3
    return x
print(read(), shadow(), unbound(), x)
def param(x):
    x = x + 10
    return x
print(param(5), x)
def loop_var():
    for i in range(3):
        pass
    return i
print(loop_var())
total = 0
def accumulate(values):
    global total
    for v in values:
        total += v
accumulate([1, 2, 3]); accumulate([4])
print(total)
def mutate(l):
    l.append("mutated")
    l = ["rebound"]
    return l
orig = []
print(mutate(orig), orig)
if True:
    block_var = "blocks do not create scopes"
print(block_var)
for j in range(2):
    inner = j
print(j, inner)
