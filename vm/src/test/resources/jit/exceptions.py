import threading
def risky(i):
    if i % 3 == 0:
        raise ValueError("bad " + str(i))
    return i
def handle(n):
    caught = 0
    fin = 0
    total = 0
    for i in range(n):
        try:
            total += risky(i)
        except ValueError as e:
            caught += 1
            last = str(e)
        finally:
            fin += 1
    return caught, fin, total, last
print(handle(3000))
lock = threading.Lock()
def locked(n):
    c = 0
    for i in range(n):
        with lock:
            c += 1
        if i == n - 1:
            try:
                with lock:
                    raise ValueError("inside")
            except ValueError as e:
                c += 1000 + lock.acquire(False)
                lock.release()
    return c
print(locked(3000))
def reraise(n):
    k = 0
    for i in range(n):
        try:
            try:
                raise KeyError(i)
            except KeyError:
                k += 1
                raise
        except KeyError as e:
            k += 1
    return k
print(reraise(3000))
def unbound(flag):
    if flag:
        x = 1
    return x
for i in range(3000):
    unbound(True)
try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError", e)
def nested(n):
    out = []
    for i in range(n):
        try:
            out.append([1, 2][i])
        except IndexError:
            out.append(-1)
    return out[:3], len(out)
print(nested(3000))
def deep(n):
    return 1 / (n - 2900)
def outer(n):
    s = 0.0
    for i in range(n):
        s += deep(i)
    return s
outer(3000)
