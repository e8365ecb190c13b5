# GIL mode (run with ftvm --gil=1, see .vmopts): sys.flags.gil, sys._is_gil_enabled() and the
# switch interval. CPython 3.11 has neither sys.flags.gil nor sys._is_gil_enabled (3.13+) and
# always has a GIL, so the fallbacks below print what a GIL build reports.
import sys
import threading
try:
    gil = sys.flags.gil
except AttributeError:
    gil = 1
try:
    enabled = sys._is_gil_enabled()
except AttributeError:
    enabled = True
print("gil flag", gil, "enabled", enabled)
print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
try:
    sys.setswitchinterval(0)
except ValueError as e:
    print("ValueError:", e)
counts = [0, 0, 0]
def spin(i, n):
    for k in range(n):
        counts[i] += 1
ts = [threading.Thread(target=spin, args=(i, 30000)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(counts)
sys.setswitchinterval(0.005)
print(sys.getswitchinterval())
