# Raising every error type of the subset explicitly and catching it by class and by Exception.
errors = [ZeroDivisionError, IndexError, KeyError, NameError, TypeError, ValueError,
          AttributeError, OverflowError, RecursionError, AssertionError, StopIteration]
for cls in errors:
    try:
        raise cls("message for the error")
    except Exception as e:
        print(isinstance(e, cls), isinstance(e, Exception), e)
for cls in errors:
    caught = False
    try:
        raise cls
    except Exception:
        caught = True
    print(caught, end=" ")
print()
print(isinstance(ValueError("x"), ValueError), str(ValueError("msg")), str(KeyError("key")), str(KeyError(1)))
print(str(IndexError()), str(ValueError(42)))
try:
    raise RecursionError("explicit")
except RecursionError as e:
    print("RecursionError:", e)
try:
    raise StopIteration("explicit stop")
except StopIteration as e:
    print("StopIteration:", e)
