# List loads and stores in compiled loops (the inline fast paths of JitRuntime.subscript /
# storeSubscr and ListFastPaths.setFast / getFast), and every guard around them: negative and
# out-of-range indexes, a container that changes type mid-loop, aliasing, mortal items,
# an index that is not an int, and a second thread that appears mid-loop (SingleThreadMode).
import threading

def swaps(n):
    perm = list(range(n))
    k = 0
    while k < 2000:
        i = k % n
        j = (k * 7) % n
        perm[i], perm[j] = perm[j], perm[i]
        k += 1
    return perm

def rotate(p, r):
    first = p[0]
    i = 0
    while i < r:
        p[i] = p[i + 1]
        i += 1
    p[r] = first
    return p

def negatives(n):
    a = [0] * n
    i = 1
    while i <= n:
        a[-i] = i * 1000  # mortal ints beyond the small-int range
        i += 1
    return a

def out_of_range(a):
    errors = 0
    i = 0
    while i < 6:
        try:
            a[i] = a[i] + 1
        except IndexError as e:
            errors += 1
            msg = str(e)
        i += 1
    return errors, msg, a

def type_change(xs):
    total = 0
    for c in xs:
        i = 0
        while i < 3:
            total += c[i]
            i += 1
    return total

def store_into(c, n):
    i = 0
    while i < n:
        c[i % 3] = i
        i += 1
    return c

def aliasing():
    a = [1, 2, 3]
    b = a
    i = 0
    while i < 300:
        a[i % 3] = b[(i + 1) % 3] + 1
        i += 1
    c = [b, a]
    c[0][0] = c[1][2] * 2  # a list of lists: the store goes through the alias
    return b[0], b[1], b[2], a is b, len(c)

def bad_index(a):
    try:
        a[1.0] = 5
    except TypeError as e:
        return str(e)

def strings(n):
    words = ["x"] * n
    i = 0
    while i < 500:
        words[i % n] = "w" + str(i)
        i += 1
    return words

shared = [0] * 8

def bump(tid, rounds):
    k = tid
    i = 0
    while i < rounds:
        shared[k] = shared[k] + 1
        k = (k + 2) % 8
        i += 1

def with_thread(rounds):
    i = 0
    t = None
    while i < rounds:
        shared[(i * 2) % 8] = shared[(i * 2) % 8] + 1
        if i == rounds // 2:
            t = threading.Thread(target=bump, args=(1, rounds))
            t.start()
        i += 1
    t.join()
    return shared

print(swaps(9))
print(rotate(list(range(10)), 7))
print(negatives(5))
print(out_of_range([1, 2, 3]))
print(type_change([[1, 2, 3], (4, 5, 6), [7, 8, 9], "abc"[0:0] or [10, 11, 12], {0: 1, 1: 2, 2: 3}]))
print(store_into([0, 0, 0], 100), store_into({}, 5))
print(aliasing())
print(bad_index([1, 2]))
print(strings(4))
print(with_thread(4000))
