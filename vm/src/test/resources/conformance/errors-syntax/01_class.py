# Front-end spec: class definitions are not in the subset.
x = 1
class Point:
    pass
print(x)
