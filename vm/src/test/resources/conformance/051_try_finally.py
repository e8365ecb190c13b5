# try/finally ordering: normal exit, exception, return, break/continue inside try with finally.
def f1():
    try:
        print("f1 body")
    finally:
        print("f1 finally")
    print("f1 after")
f1()
def f2():
    try:
        return "returned"
    finally:
        print("f2 finally runs before the caller sees the value")
print(f2())
def f3():
    try:
        try:
            1 / 0
        finally:
            print("f3 inner finally")
    except ZeroDivisionError:
        print("f3 caught after inner finally")
    finally:
        print("f3 outer finally")
f3()
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("loop body", i)
    finally:
        print("loop finally", i)
print("after loop")
def f4():
    for i in range(3):
        try:
            if i == 2:
                return i
        finally:
            print("f4 finally", i)
print("f4 ->", f4())
def f5():
    x = []
    try:
        x.append(1)
        return x
    finally:
        x.append(2)
print(f5())
try:
    try:
        raise KeyError("propagates")
    finally:
        print("finally before propagation")
except KeyError as e:
    print("caught", e)
def f6():
    try:
        raise ValueError("in try")
    except ValueError:
        print("f6 handler")
        return "from handler"
    finally:
        print("f6 finally")
print(f6())
n = 0
while n < 3:
    n += 1
    try:
        try:
            if n == 2:
                continue
            print("n", n)
        finally:
            print("inner finally", n)
    finally:
        print("outer finally", n)
