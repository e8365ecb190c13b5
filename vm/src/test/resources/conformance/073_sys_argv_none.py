# sys.argv with no arguments and the usual default pattern for an optional size argument.
import sys
print(len(sys.argv), sys.argv[1:])
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
print("size", n)
