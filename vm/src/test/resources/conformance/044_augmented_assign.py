# Augmented assignment with every arithmetic and bitwise operator, on names, subscripts and module attributes.
import math
from math import pi
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 4; print(x)
x /= 3; print(x)
x //= 2; print(x)
x = 17
x %= 5; print(x)
x **= 10; print(x)
x &= 0xFF; print(x)
x |= 0x100; print(x)
x ^= 0x1F; print(x)
x <<= 3; print(x)
x >>= 2; print(x)
s = "ab"
s += "cd"; s *= 2; print(s)
l = [1, 2, 3]
l[0] += 10; l[1] *= 5; l[-1] **= 2; l[2] -= 1; l[1] //= 3; l[0] %= 7
print(l)
l[0] <<= 4; l[1] |= 8; l[2] ^= 1; l[2] &= 6; l[0] >>= 1
print(l)
d = {"n": 1, "f": 1.5}
d["n"] += 1; d["f"] /= 2; d["n"] **= 3
print(d)
m = [[1, 2], [3, 4]]
m[1][0] *= 10
print(m)
def key():
    print("key evaluated")
    return 0
l[key()] += 1
print(l)
lst = [1]
alias = lst
lst += [2]
lst *= 2
print(alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
math.pi *= 2
print(math.pi, pi)
math.pi /= 2
print(math.pi == pi)
f = 2.5
f **= 2; f //= 2; f %= 2
print(f)
