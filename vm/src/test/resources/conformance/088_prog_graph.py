# Program: graphs as dicts of lists; BFS with a list used as a queue, DFS, topological order.
graph = {
    "a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": [], "g": ["a"],
}
def bfs(start):
    dist = {start: 0}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in graph[node]:
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return dist
def dfs(node, seen, order):
    seen[node] = True
    for nxt in graph[node]:
        if nxt not in seen:
            dfs(nxt, seen, order)
    order.append(node)
print(bfs("a"), bfs("g")["f"])
seen = {}
order = []
for n in graph:
    if n not in seen:
        dfs(n, seen, order)
print(order[::-1])
grid = ["S..#....",
        ".#.#.##.",
        ".#...#..",
        ".####.#.",
        "......#E"]
def shortest(grid):
    h, w = len(grid), len(grid[0])
    start = end = None
    for y in range(h):
        for x in range(w):
            if grid[y][x] == "S":
                start = (y, x)
            elif grid[y][x] == "E":
                end = (y, x)
    dist = {start: 0}
    q = [start]
    while q:
        y, x = q.pop(0)
        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            ny, nx = y + dy, x + dx
            if 0 <= ny < h and 0 <= nx < w and grid[ny][nx] != "#" and (ny, nx) not in dist:
                dist[(ny, nx)] = dist[(y, x)] + 1
                q.append((ny, nx))
    return dist.get(end, -1)
print("shortest path:", shortest(grid))
