# list.sort with a key function that changes the list being sorted: while sorting, the list
# appears empty; whatever the key function put in it is dropped, the sorted items are restored,
# and ValueError("list modified during sort") is raised.
m = [5, 4]

def grow(x):
    m.append(x)
    return x

try:
    m.sort(key=grow)
except ValueError as e:
    print("ValueError:", e)
print(m)

seen = []

def look(x):
    seen.append(len(m))
    return -x

m = [1, 3, 2]
m.sort(key=look)
print(m, seen)

def grow_then_fail(x):
    m.append(x * 10)
    if x == 2:
        raise KeyError(x)
    return x

m = [3, 2, 1]
try:
    m.sort(key=grow_then_fail)
except KeyError as e:
    print("KeyError:", e)
print(m)

def shrink(x):
    m.pop()
    return x

m = [3, 1, 2]
try:
    m.sort(key=shrink)
except IndexError as e:
    print("IndexError:", e)
print(m)
