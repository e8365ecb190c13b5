# round(): banker's rounding on ints and floats, ndigits, negative ndigits.
for v in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.675, 1.005]:
    print(v, round(v), round(v, 1), round(v, 2))
print(round(7), round(-7), round(7, 2), round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(1234.5678, 2), round(1234.5678, -2), round(1234.5678, 0), round(0.125, 2), round(0.375, 2))
print(round(2 ** 70 + 5, -1), round(15, -1), round(25, -1), round(-15, -1))
print(round(1e20), round(123.456, 5), round(5e-324, 1), round(0.0), round(-0.0, 1))
