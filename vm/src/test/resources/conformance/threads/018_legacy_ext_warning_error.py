# Run with -W error (see .vmopts): the GIL-enabling RuntimeWarning becomes an exception, the
# import fails and the program exits with status 1, so CI can assert a run stayed GIL-free.
# Expected output written by hand (CPython 3.11 has no _legacy_ext): CPython 3.13's behaviour
# under -W error for an extension without Py_mod_gil, with ftvm's option names.
import sys
print("before", sys._is_gil_enabled())
try:
    import _legacy_ext
except RuntimeWarning as w:
    print("caught RuntimeWarning, GIL enabled:", sys._is_gil_enabled())
import _legacy_ext
print("not reached")
