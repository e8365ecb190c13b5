# A dict iterator raises RuntimeError when the dict's size changed since it was created (as
# CPython, with or without the GIL) and keeps raising; replacing values is allowed. Also from a
# second thread: the iterating thread sees the error, never a torn or freed entry.
import threading

d = {1: "a", 2: "b", 3: "c"}
seen = []
try:
    for k in d:
        seen.append(k)
        d[k + 100] = "new"
except RuntimeError as e:
    print("keys:", seen, "RuntimeError:", e)

for name in ["keys", "values", "items"]:
    e = {"x": 1, "y": 2}
    if name == "keys":
        it = iter(e.keys())
    elif name == "values":
        it = iter(e.values())
    else:
        it = iter(e.items())
    first = next(it)
    del e["y"]
    errors = 0
    for attempt in range(2):
        try:
            next(it)
        except RuntimeError:
            errors += 1
    print(name, first, "raised", errors, "times")

f = {"a": 1, "b": 2, "c": 3}
for k in f:
    f[k] = f[k] * 10
print("values replaced while iterating:", sorted(f.items()))

shared = {}
for i in range(200):
    shared[i] = i
started = threading.Event()
def grow():
    started.wait()
    for i in range(200, 5000):
        shared[i] = i
outcome = []
def iterate():
    started.set()
    try:
        for r in range(200):
            for k, v in shared.items():
                if k != v:
                    outcome.append("torn pair")
    except RuntimeError as e:
        outcome.append(str(e))
t1 = threading.Thread(target=grow)
t2 = threading.Thread(target=iterate)
t1.start()
t2.start()
t1.join()
t2.join()
bad = 0
for o in outcome:
    if o != "dictionary changed size during iteration":
        bad += 1
print("concurrent growth: torn pairs or other errors:", bad, "final size", len(shared))
