# if/elif/else, while, for, nested loops, break, continue, pass.
def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"
print([classify(n) for n in [-5, 0, 3, 42]])
i = 0
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print("odd", i)
print("after while", i)
for x in range(3):
    for y in range(3):
        if y == x:
            continue
        if y > 1:
            break
        print(x, y)
for c in "abc":
    pass
print("last c", c)
n = 0
while True:
    n += 1
    if n >= 5:
        break
print("n", n)
for k in []:
    print("never")
found = None
for v in [4, 8, 15, 16, 23, 42]:
    if v % 5 == 0:
        found = v
        break
print("found", found)
if []:
    print("no")
elif {}:
    print("no")
else:
    pass
count = 0
while count < 3:
    count += 1
else_branch_free = count
print(else_branch_free)
