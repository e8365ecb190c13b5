# f-strings with expressions, quotes inside, braces escaping.
name = "world"
n = 42
items = [1, 2, 3]
d = {"key": "value"}
print(f"hello {name}")
print(f"{n} + 1 = {n + 1}")
print(f"{items} {items[0]} {len(items)}")
print(f"{d['key']} {d}")
print(f'{"nested quotes"}')
print(f"{{literal braces}} {n}")
print(f"{n * 2}{n // 5}{'!' * 3}")
print(f"{1.5} {0.1 + 0.2} {None} {True} {(1, 'a')}")
print(f"""triple {name}
second line {n}""")
print(f"{'yes' if n > 40 else 'no'}")
print(f"{max(items)}-{min(items)}-{sum(items)}")
print(F"upper F {n}")
print(f"")
print(f"{name.upper()}")
