# An uncaught exception in a thread is reported by threading.excepthook on stderr;
# the program continues and exits with status 0.
import threading
def bad():
    raise ValueError("boom in thread")
def good(out):
    out.append("good finished")
out = []
t1 = threading.Thread(target=bad, name="bad-thread")
t1.start()
t1.join()
t2 = threading.Thread(target=good, args=(out,))
t2.start()
t2.join()
print(out, "main continues")
