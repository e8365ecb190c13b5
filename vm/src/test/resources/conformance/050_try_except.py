# try/except with a class, a tuple of classes, 'as' name, Exception catch-all, bare raise, nesting.
def risky(kind):
    if kind == 0:
        return 1 / 0
    if kind == 1:
        return [1][5]
    if kind == 2:
        return {"a": 1}["b"]
    if kind == 3:
        return int("xyz")
    if kind == 4:
        return "a" + 1
    return "fine"
for k in range(6):
    try:
        print("result", risky(k))
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    except (IndexError, KeyError) as e:
        print("lookup error:", e)
    except ValueError:
        print("ValueError without name")
    except Exception as e:
        print("Exception:", e)
try:
    try:
        raise ValueError("inner")
    except KeyError:
        print("not here")
except ValueError as e:
    print("outer caught", e)
try:
    try:
        raise IndexError("first")
    except IndexError:
        print("handling, re-raising")
        raise
except IndexError as e:
    print("re-raised", e)
try:
    raise KeyError("k")
except Exception as e:
    print("KeyError str is repr of key:", e, str(e))
try:
    raise ValueError
except ValueError as e:
    print("raised class, empty message:", repr(str(e)))
err = None
try:
    raise TypeError("saved")
except TypeError as e:
    err = e
print(err, isinstance(err, TypeError), isinstance(err, Exception), isinstance(err, ValueError))
try:
    print("e is unbound after except:", e)
except NameError:
    print("NameError: 'as' name deleted after the handler")
def thrower():
    raise ValueError("from a function")
def middle():
    thrower()
    print("not printed")
try:
    middle()
except ValueError as e:
    print("propagated through frames:", e)
try:
    raise Exception("plain Exception")
except Exception as e:
    print(e)
