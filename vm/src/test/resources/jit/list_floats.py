# Float items of lists updated in place by compiled code (seqs4): b[i] op= x, reads of float
# items as unboxed operands, and every reason the fast paths must not apply: a float the program
# still holds elsewhere, the same float in two lists, items that change type, a tuple or dict in
# place of the list, negative and out-of-range indexes.

def advance(bodies, pairs, dt, steps):
    for s in range(steps):
        for b1, b2 in pairs:
            dx = b1[0] - b2[0]
            dy = b1[1] - b2[1]
            m = dt / (dx * dx + dy * dy + 0.01)
            b1[2] -= dx * m * b2[4]
            b1[3] -= dy * m * b2[4]
            b2[2] += dx * m * b1[4]
            b2[3] += dy * m * b1[4]
        for b in bodies:
            b[0] += dt * b[2]
            b[1] += dt * b[3]


def held(b, n):
    kept = []
    for i in range(n):
        b[0] += 0.5
        if i % 1000 == 0:
            kept.append(b[0])
        x = b[1]
        b[1] -= 0.25
        b[1] *= 1.0
        if x == b[1]:
            kept.append(-1.0)
    return kept


def shared_item(a, c, n):
    for i in range(n):
        a[0] += 1.5
        a[1] = a[1] - 0.5 * a[0] / (i + 1)
    return c[0], c[1]


def changing(b, n):
    for i in range(n):
        b[0] += 0.5
        b[1] -= 1.0
        b[-1] += 2.0
        if i == n // 2:
            b[0] = 7
            b[1] = True
        if i == n // 3:
            b[-1] = "s"[0:0] or 10 ** 20
    return b


def other_containers(c, n):
    total = 0.0
    for i in range(n):
        try:
            c[0] += 0.5
            total += c[0] * 2.0
        except TypeError as e:
            total += 1.0
    return total, c


def bad_index(b, k):
    try:
        b[k] -= 1.0
    except IndexError as e:
        return str(e)
    return b


bodies = [[0.0, 0.0, 0.1, 0.0, 1.0], [1.0, 0.0, 0.0, 0.2, 0.5], [0.0, 2.0, -0.1, 0.0, 0.25]]
pairs = [(bodies[0], bodies[1]), (bodies[0], bodies[2]), (bodies[1], bodies[2])]
advance(bodies, pairs, 0.01, 3000)
for b in bodies:
    print([f"{v:.12f}" for v in b])
print(held([0.0, 100.0], 5000)[:8])
f = 2.5 * 3.0
g = 1.0 / 3.0
a = [f, g]
c = [f, g]
print(shared_item(a, c, 4000), a, f, g)
print(changing([1.0, 2.0, 3.0], 3000))
print(other_containers([1.0], 3000))
print(other_containers((1.0,), 3000))
print(other_containers({0: 1.0}, 3000))
print(other_containers([1], 3000))
print(bad_index([1.0, 2.0], 5), bad_index([1.0, 2.0], -3), bad_index([1.0, 2.0], -2))
t = (0.5, 1.5)
print(t[0] * 2.0 + t[1], t[1] - t[0])
