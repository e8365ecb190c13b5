# Uncaught NameError (a name with no similar defined name, so no "Did you mean" hint).
print("start")
value = 1
print(completely_undefined_qqq + value)  # subset-check: intentional
