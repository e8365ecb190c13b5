# assert with and without messages, caught as AssertionError.
assert True
assert 1 == 1, "never shown"
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("caught:", e)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print("caught:", e)
try:
    assert False
except AssertionError as e:
    print("caught without message:", repr(str(e)))
def check(v):
    assert v > 0, f"value must be positive, got {v}"
    return v
print(check(5))
try:
    check(-3)
except AssertionError as e:
    print(e)
x = 0
try:
    assert x, x
except AssertionError as e:
    print("message is the value:", e)
