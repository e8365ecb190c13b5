# Uncaught IndexError from a function two frames deep.
def get(l, i):
    return l[i]
def outer(l):
    return get(l, len(l))
items = [1, 2, 3]
print(get(items, 0))
outer(items)
