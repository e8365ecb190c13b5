# ZeroDivisionError from every arithmetic form (messages are CPython 3.11's; see README).
def show(label, a, b, op):
    try:
        if op == "/":
            r = a / b
        elif op == "//":
            r = a // b
        elif op == "%":
            r = a % b
        elif op == "divmod":
            r = divmod(a, b)
        else:
            r = a ** b
        print(label, "=", r)
    except ZeroDivisionError as e:
        print(label, "ZeroDivisionError:", e)
show("1 / 0", 1, 0, "/")
show("1.0 / 0", 1.0, 0, "/")
show("1 / 0.0", 1, 0.0, "/")
show("1 // 0", 1, 0, "//")
show("1.5 // 0", 1.5, 0, "//")
show("1 % 0", 1, 0, "%")
show("1.5 % 0.0", 1.5, 0.0, "%")
show("divmod(1, 0)", 1, 0, "divmod")
show("divmod(1.0, 0)", 1.0, 0, "divmod")
show("0 ** -1", 0, -1, "**")
show("0.0 ** -2", 0.0, -2, "**")
show("2 ** 70 // 0", 2 ** 70, 0, "//")
show("0 / 5", 0, 5, "/")
show("0.0 ** 0", 0.0, 0, "**")
