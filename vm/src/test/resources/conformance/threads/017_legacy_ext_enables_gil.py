# Importing a module that does not declare free-threading safety (_legacy_ext, an ftvm test
# module) enables the GIL and warns on stderr, naming the module; the program goes on.
# Expected output written by hand (CPython 3.11 has no _legacy_ext and no sys._is_gil_enabled):
# it follows CPython 3.13's behaviour for such an extension, with ftvm's option names.
import sys
print("before", sys._is_gil_enabled())
import _legacy_ext
print("after", sys._is_gil_enabled(), _legacy_ext.add(20, 22))
import _legacy_ext
print("imported twice", sys._is_gil_enabled())
