# Uncaught assert without a message: the last line is just the class name.
def check(v):
    assert v
print(check(1))
check(0)
