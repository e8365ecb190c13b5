# An error raised inside an except handler: CPython prints both, the last line is the new error.
try:
    {}["missing"]
except KeyError:
    print("handling KeyError")
    [][0]
