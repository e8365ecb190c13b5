# Named threads, current_thread().name, ident, get_ident(), active_count() before and after.
import threading
print(threading.current_thread().name)
print(threading.active_count())
seen = {}
def record(label):
    me = threading.current_thread()
    seen[label] = (me.name, threading.get_ident() == me.ident, isinstance(me.ident, int))
threads = [threading.Thread(target=record, args=("job" + str(i),), name="worker-" + str(i)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for k in sorted(seen):
    print(k, seen[k])
print([t.name for t in threads])
print(threading.active_count())
print(isinstance(threading.get_ident(), int), threading.current_thread().name == "MainThread")
idents = [t.ident for t in threads]
print(all([isinstance(i, int) for i in idents]), threading.get_ident() not in idents)
