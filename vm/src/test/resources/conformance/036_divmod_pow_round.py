# divmod and pow with ints, floats, negatives, modulus, negative exponents.
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(-17, -5), divmod(0, 3))
print(divmod(17.5, 5), divmod(-17.5, 5), divmod(5, 0.5), divmod(1, 0.1), divmod(2 ** 70, 3))
print(pow(2, 10), pow(2, -1), pow(2.0, 3), pow(4, 0.5), pow(-2, 3), pow(-8, 2), pow(0, 0), pow(2, 0))
print(pow(3, 4, 5), pow(7, 100, 13), pow(-3, 3, 7), pow(3, 3, -7), pow(2, -1, 7), pow(38, -1, 97))
print(pow(10, -2), pow(2, 100), pow(1.5, 2), pow(-1, 10 ** 20), 10 ** -1, (-10) ** -1, 4 ** -0.5)
print(round(3.7), round(-3.7), round(3.14159, 3), round(12345, -3), round(0.5), round(1.5))
