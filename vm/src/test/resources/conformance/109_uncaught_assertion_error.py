# Uncaught AssertionError with a message.
x = 3
assert x == 3, "not shown"
print("first assert passed")
assert x > 5, f"x is too small: {x}"
