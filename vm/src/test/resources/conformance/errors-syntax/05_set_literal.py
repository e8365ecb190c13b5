# Front-end spec: sets (literals and comprehensions) are not in the subset.
values = [1, 2, 2, 3]
unique = {1, 2, 3}
print(len(unique))
