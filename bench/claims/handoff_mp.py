import multiprocessing, pickle, sys, time

def identity(x):
    return x

def best_roundtrip(pool, payload, reps):
    best = 1e9
    for i in range(reps):
        t0 = time.perf_counter()
        back = pool.apply(identity, (payload,))
        t1 = time.perf_counter()
        assert back == payload and back is not payload
        best = min(best, t1 - t0)
    return best

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    big = list(range(n))
    t0 = time.perf_counter(); blob = pickle.dumps(big); pickle.loads(blob); t1 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        best_roundtrip(pool, [0], 5)
        s = best_roundtrip(pool, [0], 50)
        b = best_roundtrip(pool, big, 10)
    print(f"process round trip, best: 1 item {s * 1e6:.1f} us, {n} items {b * 1e6:.1f} us; "
          f"pickle.dumps+loads once: {(t1 - t0) * 1e3:.1f} ms for {len(blob)} bytes")
