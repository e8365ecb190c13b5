# Line continuation inside brackets and with backslash.
total = 1 + \
        2 + \
    3
print(total)
values = [
    1, 2,
        3,   # comment inside brackets
  4,
]
print(values)
d = {
    "a": (1,
          2),
    "b": [x * 2
          for x in range(3)
          if x != 1],
}
print(d)
print(max(1,
          7,
          3))
s = ("implicit "
     "string "    'concatenation')
print(s)
if total == 6 and \
   len(values) == 4:
    print("backslash in condition")
