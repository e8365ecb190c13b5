# Uncaught KeyError: the last stderr line shows the repr of the key.
d = {"alpha": 1}
print(d["alpha"])
print(d["beta"])
