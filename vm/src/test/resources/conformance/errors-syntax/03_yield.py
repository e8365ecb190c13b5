# Front-end spec: yield makes a generator, which is not in the subset.
def gen(n):
    for i in range(n):
        yield i
print(list(gen(3)))
