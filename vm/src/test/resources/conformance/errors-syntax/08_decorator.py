# Front-end spec: decorators are not in the subset.
def trace(f):
    return f
@trace
def work():
    return 1
print(work())
