# TypeErrors from calls: wrong arity, unexpected/duplicate keywords, missing arguments, not callable.
def f(a, b, c=3):
    return a + b + c
def show(label, kind):
    try:
        if kind == 0:
            f(1)
        elif kind == 1:
            f(1, 2, 3, 4)
        elif kind == 2:
            f(1, 2, d=4)
        elif kind == 3:
            f(1, 2, a=5)
        elif kind == 4:
            f()
        elif kind == 5:
            s = "abc"
            s(1)
        elif kind == 6:
            len()
        elif kind == 7:
            abs("x")
        elif kind == 8:
            sorted([3, "a"])
        elif kind == 9:
            [1, 2].sort(key=len)
        else:
            print(f(1, 2), f(1, 2, 10), f(c=1, b=2, a=3), f(1, c=0, b=0))
    except TypeError as e:
        print(label, "TypeError:", e)
for i, label in enumerate(["missing", "too many", "unexpected kw", "duplicate", "none given",
                           "str call", "len()", "abs(str)", "sort mixed", "key on ints", "ok"]):
    show(label, i)
