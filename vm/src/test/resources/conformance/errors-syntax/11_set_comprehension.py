# Front-end spec: set comprehensions are sets, not in the subset.
print(len({c for c in "hello"}))
