# Front-end spec: a nested function reading a local of its enclosing function is a closure.
def outer():
    count = 0
    def inner():
        return count + 1
    return inner()
print(outer())
