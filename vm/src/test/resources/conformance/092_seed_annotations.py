# Parameter and return annotations, exactly as the seed article's compute_heavy_pi uses them.
# Annotations are not in issue 5's bullet list, but issue 6 requires the seed program to run
# unchanged, so the front end must accept (and ignore) them.
def compute_heavy_pi(iterations: int) -> float:
    # CPU-bound calculation optimized by the Tier 2 JIT
    pi = 0.0
    for k in range(iterations):
        pi += ((4.0 * (-1)**k) / (2 * k + 1))
    return pi
def scale(x: float, factor: float = 2.0) -> float:
    return x * factor
print(compute_heavy_pi(1000), compute_heavy_pi(1), compute_heavy_pi(0))
print(scale(1.5), scale(1.5, factor=3.0))
