# import m, from m import a, b; module attribute access; names bound by from-import are copies of the binding.
import math
import sys, time
from math import sqrt, floor
from math import pi, e
print(sqrt(16), floor(2.7), math.ceil(2.1), pi == math.pi, e == math.e)
print(len(sys.argv) >= 1, time.time() > 0)
import math
print(math.sqrt(2.0))
def uses_math():
    import math
    return math.floor(-1.5)
print(uses_math())
from sys import argv
print(argv is sys.argv)
