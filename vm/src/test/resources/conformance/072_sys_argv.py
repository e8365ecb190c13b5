# sys.argv: the script name then the arguments (see 072_sys_argv.args).
import sys
print(len(sys.argv), sys.argv[0].endswith("072_sys_argv.py"))
print(sys.argv[1:])
n = int(sys.argv[1])
print(n * 2, sys.argv[2].upper(), float(sys.argv[3]) / 2)
total = 0
for a in sys.argv[1:2]:
    total += int(a)
print(total, "--flag" in sys.argv)
