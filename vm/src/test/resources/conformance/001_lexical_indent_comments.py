# Indentation blocks of different widths, comments everywhere, blank lines.
def f(x):
  # two-space block
  if x > 0:
        # eight-space block nested inside two
        return "positive"   # trailing comment
  elif x < 0:
   return "negative"
  else:

      return "zero"
    # a comment line with odd indentation is ignored

for v in [3, -1, 0]:
	print(v, f(v))   # tab-indented body
x = 1; y = 2; z = x + y; print(x, y, z)
if z == 3: print("one-line if body")
while z > 0: z -= 1
print("z", z)
def g(): return "one-line def"
print(g())
