# Uncaught ValueError raised explicitly with a formatted message.
def parse_age(s):
    n = int(s)
    if n < 0:
        raise ValueError(f"age must be >= 0, got {n}")
    return n
print(parse_age("42"))
print(parse_age("-7"))
