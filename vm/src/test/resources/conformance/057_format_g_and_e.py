# The 'g' and 'e' presentation types and plain str()/repr() switching to exponent notation.
values = [0.0, 1.0, 10.0, 123456.0, 1234567.0, 0.0001, 0.00001234, 1e16, 1.5e-300, -2.5, 100.0, 0.5]
for v in values:
    print(f"{v:>14} | {v:g} | {v:.3g} | {v:.10g} | {v:e} | {v:.1e} | {v:12.4g}|")
print(f"{1e-5:g} {1e-4:g} {123456789:g} {12345.6789:.6g} {0.000123456:.2g}")
print(f"{5:g} {5:.0e} {255:e} {-0.0:g} {float('inf'):g} {float('nan'):.3e}")
print(str(1e16), str(1e15), str(1.5e16), str(0.0001), str(0.00001), repr(123e-20), repr(9.999999999999999e22))
