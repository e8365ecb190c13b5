# Threads hand a token around in a fixed order using Events; printing happens in a fixed order.
import threading
N = 4
events = [threading.Event() for i in range(N)]
done = threading.Event()
lines = []
def runner(i, rounds):
    for r in range(rounds):
        events[i].wait()
        events[i].clear()
        lines.append(f"round {r} thread {i}")
        if i == N - 1 and r == rounds - 1:
            done.set()
        else:
            events[(i + 1) % N].set()
ts = [threading.Thread(target=runner, args=(i, 3), name="ring-" + str(i)) for i in range(N)]
for t in ts:
    t.start()
events[0].set()
done.wait()
for t in ts:
    t.join()
for line in lines:
    print(line)
