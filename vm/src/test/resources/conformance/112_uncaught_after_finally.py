# finally blocks run (and print) before an uncaught error terminates the program.
def work():
    try:
        print("working")
        raise TypeError("bad operand somewhere")
    finally:
        print("cleanup in finally")
try:
    work()
finally:
    print("outer finally")
print("not reached")
