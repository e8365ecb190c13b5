# Bitwise operators on ints including negative operands, shifts, booleans.
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2, a << 0)
print(-12 & 10, -12 | 10, -12 ^ 10, -12 >> 1, -1 >> 10, -12 << 3, ~-1)
print(1 << 62, 1 << 63, 1 << 64, (1 << 64) >> 63, 255 >> 8, 256 >> 8)
print(True & False, True | False, True ^ True, True << 3)
print(0xFF & 0x0F, 0xF0 | 0x0F, 0xFF ^ 0xAA, 6 & 3 | 8, 1 | 2 ^ 3 & 4)
x = 0
for i in range(8):
    x |= 1 << i
print(x, x & -x, x >> 3 << 3)
