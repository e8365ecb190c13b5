# repr, ==, ordering of deeply nested lists/tuples/dicts, in the main thread and in threads at
# once: RecursionError (with CPython's messages) at the recursion limit, never a Java stack
# overflow in the middle of the runtime (which once left ~190 000 lists leaked), and the nests
# are freed afterwards (--check).
import threading
def nest(kind, n):
    a = []
    for i in range(n):
        if kind == 0:
            a = [a]
        elif kind == 1:
            a = (a, i)
        else:
            a = {"k": a}
    return a
def probe(tid, out):
    for kind in range(3):
        a = nest(kind, 30000)
        b = nest(kind, 30000)
        try:
            s = repr(a)
            out.append("repr ok")
        except RecursionError as e:
            out.append(str(e))
        try:
            out.append(str(a == b))
        except RecursionError as e:
            out.append(str(e))
        if kind != 2:
            try:
                out.append(str(a < b))
            except RecursionError as e:
                out.append(str(e))
    shallow = nest(0, 50)
    out.append(str(len(repr(shallow))) + " " + str(shallow == nest(0, 50)))
main_out = []
probe(-1, main_out)
for line in main_out:
    print(line)
outs = [[] for i in range(3)]
ts = [threading.Thread(target=probe, args=(i, outs[i])) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(outs[0] == main_out and outs[1] == main_out and outs[2] == main_out)
