# Uncaught KeyError with a tuple key, raised from a nested call inside a loop.
grid = {(0, 0): "origin", (0, 1): "north"}
def lookup(x, y):
    return grid[(x, y)]
for p in [(0, 0), (0, 1), (1, 1)]:
    print(lookup(p[0], p[1]))
