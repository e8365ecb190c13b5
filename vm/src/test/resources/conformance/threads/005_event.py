# Event: set, clear, wait, is_set; a handshake that orders output deterministically.
import threading
ready = threading.Event()
go = threading.Event()
log = []
def worker():
    log.append("worker started")
    ready.set()
    go.wait()
    log.append("worker released")
print(ready.is_set(), go.is_set())
t = threading.Thread(target=worker)
t.start()
print("wait returned", ready.wait())
log.append("main saw ready")
go.set()
t.join()
print(log)
print(ready.is_set(), go.is_set())
ready.clear()
print(ready.is_set(), ready.wait(0.01), ready.wait(timeout=0))
ready.set()
print(ready.wait(5), ready.wait(0))
