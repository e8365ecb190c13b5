# List literal, indexing, slicing, concatenation, nesting, aliasing, membership.
a = [1, 2, 3, 4, 5, 6, 7, 8, 9]
print(a, len(a), a[0], a[-1], a[-9], [], [[]], [1, [2, [3]]])
print(a[2:5], a[:3], a[6:], a[-3:], a[:-3], a[::2], a[1::2], a[::-1], a[7:2:-2], a[-1:-4:-1])
print(a[5:2], a[100:], a[-100:2], a[::-4], a[8:0:-3], a[2:2])
b = a
b[0] = 100
print(a[0], a is b)
c = a[:]
c[1] = 200
print(a[1], c[1], c is a, c == a)
print([1, 2] + [3], [0] * 4, 2 * ["x", "y"], [[0] * 2] * 2, [] * 3)
m = [[1, 2], [3, 4]]
m[1][0] = 30
print(m, m[1][1], len(m[0]))
print(3 in a, 100 in a, 3 not in a, [1, 2] in [[1, 2], [3]])
grid = [[0] * 3 for i in range(3)]
grid[0][0] = 1
print(grid)
alias = [[0] * 2] * 2
alias[0][0] = 5
print(alias)
x = [1, 2]
y = x
x += [3]
print(y, x is y)
x = x + [4]
print(y, x)
a[0] = "mixed"
a[-1] = 9.5
print(a)
