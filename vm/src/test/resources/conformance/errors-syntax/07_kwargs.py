# Front-end spec: **kwargs parameters are not in the subset.
def options(name, **kwargs):
    return name
print(options("x", verbose=True))
