# Program: Conway's game of life on a small torus (lists of lists).
W, H = 10, 8
grid = [[0] * W for y in range(H)]
for x, y in [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]:
    grid[y][x] = 1
def step(g):
    new = [[0] * W for y in range(H)]
    for y in range(H):
        for x in range(W):
            n = 0
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    if dx or dy:
                        n += g[(y + dy) % H][(x + dx) % W]
            if g[y][x] and n in (2, 3):
                new[y][x] = 1
            elif not g[y][x] and n == 3:
                new[y][x] = 1
    return new
def show(g):
    for row in g:
        print("".join(["#" if c else "." for c in row]))
for gen in range(4):
    grid = step(grid)
show(grid)
for gen in range(36):
    grid = step(grid)
print("alive after 40:", sum([sum(row) for row in grid]))
show(grid)
