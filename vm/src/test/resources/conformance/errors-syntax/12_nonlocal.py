# Front-end spec: nonlocal declares a closure variable, not in the subset.
def outer():
    n = 0
    def bump():
        nonlocal n
        n += 1
    bump()
    return n
print(outer())
