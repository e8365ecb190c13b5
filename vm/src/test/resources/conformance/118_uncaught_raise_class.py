# Raising an exception class (not an instance) uncaught: the last line is the bare class name.
print("raising")
raise IndexError
