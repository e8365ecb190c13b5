# Front-end spec: *args parameters are not in the subset.
def total(*args):
    return sum(args)
print(total(1, 2, 3))
