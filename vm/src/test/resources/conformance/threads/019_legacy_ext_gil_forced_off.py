# Run with --gil=0 (see .vmopts): the GIL is forced off, so importing _legacy_ext neither enables
# it nor warns (stderr stays empty). Expected output written by hand (CPython 3.11 has no
# _legacy_ext): CPython 3.13's behaviour under -X gil=0, with ftvm's option names.
import sys
import threading
import _legacy_ext
print(sys._is_gil_enabled(), sys.flags.gil, _legacy_ext.name)
out = []
def work(i):
    out.append(_legacy_ext.add(i, i))
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(out), sys._is_gil_enabled())
