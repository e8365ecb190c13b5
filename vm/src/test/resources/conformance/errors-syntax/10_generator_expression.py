# Front-end spec: generator expressions are generators, not in the subset (use a list comprehension).
values = [1, 2, 3]
print(sum(x * x for x in values))
