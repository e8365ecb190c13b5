# Float literals with exponents, leading/trailing dots, underscores; repr of each.
print(1.0, 2., .5, 0.0, 1e3, 1E3, 1.5e-3, 2.5E+2, 1_000.000_1, 1e1_0)
print(3.14159, 6.02e23, 1e-10, 9.999e300, 1e308, 5e-324)
print(0.1, 0.2, 0.3, 1.1, 2.675)
print(100.0, 1e15, 1e16, 1e17, 123456789012345678.0)
print(0.0001, 0.00001, 1e-7, 1.234e-5)
print(1e22, 1e23, 12345.678)
