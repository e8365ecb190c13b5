# Front-end spec: lambda expressions are not in the subset.
words = ["bb", "a", "ccc"]
print(sorted(words, key=lambda w: len(w)))
