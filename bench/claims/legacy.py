import sys
print("GIL before import:", sys._is_gil_enabled())
import _legacy_ext
print("GIL after import:", sys._is_gil_enabled())
