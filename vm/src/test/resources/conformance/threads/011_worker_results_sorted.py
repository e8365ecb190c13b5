# Workers compute independent pieces; results land in a shared list and are printed sorted.
import threading
out = []
def piece(lo, hi):
    primes = 0
    for n in range(max(lo, 2), hi):
        d = 2
        is_p = True
        while d * d <= n:
            if n % d == 0:
                is_p = False
                break
            d += 1
        if is_p:
            primes += 1
    out.append((lo, hi, primes))
ts = [threading.Thread(target=piece, args=(k * 2500, (k + 1) * 2500), name="piece" + str(k)) for k in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for r in sorted(out):
    print(r)
print("primes below 20000:", sum([r[2] for r in out]))
