# Uncaught AttributeError on a module attribute (no similar name exists).
import math
print(math.floor(2.5))
print(math.no_such_function_qqq(1))  # subset-check: intentional
