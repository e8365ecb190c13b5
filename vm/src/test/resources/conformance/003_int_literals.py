# Integer literals: decimal, hex, octal, binary, underscores, big values.
print(0, 7, 1_000_000, 0x1F, 0XfF, 0o17, 0O777, 0b1010, 0B1_0000)
print(0x_dead_beef, 0o_12, 0b_1)
print(123456789012345678901234567890)
print(0xFFFFFFFFFFFFFFFFFFFFFFFF)
print(-0b1, -0x10, +0o10)
print(00, 0_0)
print(9223372036854775807 + 1)
print(-9223372036854775808 - 1)
