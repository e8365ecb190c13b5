# Unary operators and truthiness.
print(-5, +5, -(-5), ~5, not 5, not 0, not "", not "x", not [], not [0], not None)
print(-2.5, +2.5, -(2 ** 80), not {}, not {"a": 1}, not (), not 0.0, not range(0))
print(bool(0), bool(1), bool(-1), bool(""), bool(" "), bool([]), bool([[]]), bool(None), bool(range(3)))
print(not not 7, - - 3, ~~9, -+-4)
print(bool(0.0), bool(1e-300), bool(()), bool((0,)), bool({}), bool({0: 0}))
