def classify(xs):
    out = []
    for x in xs:
        if x is None:
            out.append("none")
        elif x == "s":
            out.append("str")
        elif x < 0:
            out.append("neg")
        elif 0 <= x < 1:
            out.append("unit")
        elif x:
            out.append("big")
    return out
vals = [None, "s", -1, 0, 0.5, 1, 2.5, -0.0, 3]
print(classify(vals * 300)[:9], len(classify(vals * 300)))
def truth(xs):
    n = 0
    for x in xs:
        if x:
            n += 1
        if not x:
            n += 100
    return n
print(truth([0, 1, 0.0, 2.0, "", "a", [], [1], None, True, False] * 400))
def floats(n):
    a = 0.0
    c = 0
    while a < n:
        a += 0.25
        if a > n / 2 and a != 7.0:
            c += 1
    return a, c
print(floats(3000))
