# def with positional parameters, defaults, keyword arguments, return values, recursion, functions as values.
def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct
print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", punct="?"))
print(greet(greeting="Yo", name="Di"))
print(greet("Ed", "Hey", "."))
def no_return():
    x = 1
print(no_return())
def early(n):
    if n > 0:
        return "positive"
    return
print(early(1), early(-1))
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
print(fact(20), fact(30))
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print([fib(i) for i in range(15)])
def append_to(x, target=[]):
    target.append(x)
    return target
print(append_to(1), append_to(2), append_to(3, []))
def apply(f, v):
    return f(v)
print(apply(fact, 5), apply(len, "abcd"), apply(abs, -3))
ops = {"double": None, "square": None}
def double(x):
    return x * 2
def square(x):
    return x * x
ops["double"] = double
ops["square"] = square
print([ops[k](7) for k in ops])
funcs = [double, square, fact]
print([f(4) for f in funcs])
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)
print(is_even(10), is_odd(7), is_even(7))
def multi():
    return 1, [2], "three"
a, b, c = multi()
print(a, b, c)
def default_expr(x, y=2 * 3):
    return x + y
print(default_expr(1), default_expr(1, 1))
def shadow(len):
    return len + 1
print(shadow(1), len("ok"))
f2 = fact
print(f2(6), f2 is fact)
