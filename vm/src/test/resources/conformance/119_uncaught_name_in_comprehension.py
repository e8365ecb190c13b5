# Uncaught NameError raised from inside a list comprehension inside a function.
def f(values):
    return [v * scale_factor_undefined_qq for v in values]  # subset-check: intentional
print(f([]))
print(f([1]))
