#!/usr/bin/env bash
# Memory footprint of threads against processes (issue 6): 8 workers as 8 threads in ONE ftvm
# process, against 8 ftvm processes doing the same work; CPython (python3) the same way for
# reference, plus a real multiprocessing.Pool (fork start method). Target (issue 6): the threads
# use at most 40% of the processes' total resident memory.
#
# The fair comparison (same program, same total work, same per-worker work, all workers live at
# the same time):
#   threads:   ONE process:   pi_threads.py ITER 8        8 tasks x ITER iterations, 8 worker threads
#   processes: EIGHT processes, started together, each:
#                             pi_threads.py ITER/8 1      8 tasks x ITER/8 iterations, 1 worker thread
#   so every worker (thread or process) computes ITER iterations in total and the sum over all
#   workers is 8 x ITER on both sides. Each process is a complete run of the same program (with
#   its own executor and one worker thread), as in a process-per-worker deployment or
#   multiprocessing's "spawn"/"forkserver" start methods, which start a fresh interpreter per
#   worker; the seed article's "32 processes x 150 MB" is this model. For CPython a third row runs
#   multiprocessing.Pool(8) with the "fork" start method (children share the parent's pages
#   copy-on-write, the cheapest multiprocessing can be) mapping the example's compute_heavy_pi
#   over [ITER] * 8. ftvm has no multiprocessing module, so it has no such row.
#
# What is measured, per scenario, over the whole process tree (the processes started and all
# their descendants), from /proc:
#   peak PSS     max over samples of the sum of Pss (/proc/PID/smaps_rollup): pages shared
#                between processes (libjvm.so, the CDS archive, libpython) are divided among
#                them, so this is the memory the machine really spends. The headline figure.
#   peak RSS     max over samples of the sum of VmRSS (/proc/PID/status): shared pages counted
#                once per process, which inflates the processes' total (shown for comparison).
#   sum HWM      sum of each process's own peak RSS: VmHWM, exact from the kernel (ru_maxrss from
#                wait4 for the processes this script starts, the last VmHWM read for forked
#                children), i.e. "each worker's peak, added up", the article's arithmetic.
#   Samples every --interval seconds (default 0.05); each run lasts seconds, so the peaks of the
#   processes overlap and are sampled many times.
#
# JVM settings: every ftvm JVM runs with the same JAVA_OPTS, default "-Xms64m -Xmx64m", printed
# in the output. A fixed heap because the default is machine-derived (initial 1/64 and maximum
# 1/4 of RAM: 384 MB / 6 GB on a 24 GB machine), which would let each JVM's young generation fill
# hundreds of MB before its first collection and make RSS an artefact of the machine's RAM. 64 MB
# because ftvm's objects live off-heap (the allocator's mmap'd segments, counted in RSS/PSS like
# any other memory), so the Java heap only holds the interpreter's own Java objects; the same
# per-JVM setting on both sides, since a process-per-worker deployment cannot give one worker
# process less heap than one run of the program needs. Everything else is the JVM default (G1
# on this machine). Change it with JAVA_OPTS to see how much of the ratio is heap sizing.
#
# Output check: every process must exit 0 and print "all equal: True"; the threaded run must
# print the same result lines as CPython's threaded run ("Free-threading active" aside).
#
# Usage: bench/footprint.sh [--iterations ITER] [--interval SECONDS] [--python-only] [--ftvm-opts "OPTS"]
#   --iterations ITER  iterations per task in the threaded run (default 400000; a multiple of 8)
#   --interval S       sampling interval (default 0.05)
#   --python-only      CPython rows only (no ftvm.jar needed)
#   --ftvm-opts OPTS   ftvm options for both ftvm scenarios (default "--gil=0")
# Environment: PYTHON (default python3; also runs this script's sampler), FTVM_JAR (default
# vm/target/ftvm.jar), JAVA_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64 when present), JAVA_OPTS.
# Exit status: 0 ok; 1 a failed run or a wrong output; 2 usage error or ftvm.jar missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
iterations=400000
interval=0.05
python_only=0
ftvm_opts="--gil=0"
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations="${2:-}"; shift 2 ;;
    --interval) interval="${2:-}"; shift 2 ;;
    --python-only) python_only=1; shift ;;
    --ftvm-opts) ftvm_opts="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,54p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$iterations" in ''|*[!0-9]*|0) echo "--iterations needs a positive integer, got '$iterations'" >&2; exit 2 ;; esac
if [ $((iterations % 8)) -ne 0 ]; then echo "--iterations must be a multiple of 8 (each process runs ITER/8), got $iterations" >&2; exit 2; fi

python="${PYTHON:-python3}"
jar="${FTVM_JAR:-$repo/vm/target/ftvm.jar}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_opts="${JAVA_OPTS--Xms64m -Xmx64m}"
missing_jar=0
if [ "$python_only" -eq 0 ] && [ ! -f "$jar" ]; then
  missing_jar=1
  echo "ftvm jar not found: $jar (build: mvn -o -B -pl vm -am package -DskipTests -Djcstress.skip=true); CPython rows only" >&2
fi
use_ftvm=$(( python_only == 0 && missing_jar == 0 ))

set +e
"$python" - "$repo/vm/examples/pi_threads.py" "$iterations" "$interval" "$use_ftvm" "$java" "$java_opts" "$jar" "$ftvm_opts" <<'PY'
import os, shlex, subprocess, sys, time

example, iterations, interval, use_ftvm, java, java_opts, jar, ftvm_opts = sys.argv[1:]
iterations, interval, use_ftvm = int(iterations), float(interval), use_ftvm == "1"
WORKERS = 8
python = sys.executable

def children(pid):
    """Direct children of pid, over all its threads (/proc/PID/task/TID/children)."""
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out.extend(int(c) for c in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out

def tree(roots):
    seen, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.append(pid)
            todo.extend(children(pid))
    return seen

def kb_fields(path, names):
    """{name: kB} for the 'Name:   123 kB' lines of a /proc file; None if the process is gone."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    got = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in names:
            got[key] = int(rest.split()[0])
    return got if len(got) == len(names) else None   # a zombie has no Vm* lines

def run(label, commands):
    """Starts every command at once, samples the process tree until all exit, returns the figures."""
    start = time.monotonic()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for cmd in commands]
    roots = {p.pid: p for p in procs}
    exited = {}          # root pid -> (status, ru_maxrss kB)
    hwm = {}             # pid -> last VmHWM read (kB)
    peak_rss = peak_pss = max_procs = samples = 0
    # Pipes are drained by threads so a chatty child never blocks on a full pipe.
    import threading
    outputs = {}
    def drain(p):
        outputs[p.pid] = (p.stdout.read().decode(), p.stderr.read().decode())
    drains = [threading.Thread(target=drain, args=(p,)) for p in procs]
    for d in drains:
        d.start()
    while len(exited) < len(procs):
        pids = tree([pid for pid in roots if pid not in exited])
        rss = pss = alive = 0
        for pid in pids:
            status = kb_fields(f"/proc/{pid}/status", ("VmRSS", "VmHWM"))
            rollup = kb_fields(f"/proc/{pid}/smaps_rollup", ("Pss",))
            if status is None or rollup is None:
                continue
            alive += 1
            rss += status["VmRSS"]
            pss += rollup["Pss"]
            hwm[pid] = status["VmHWM"]
        samples += 1
        peak_rss, peak_pss, max_procs = max(peak_rss, rss), max(peak_pss, pss), max(max_procs, alive)
        for pid in roots:
            if pid not in exited:
                done, status, usage = os.wait4(pid, os.WNOHANG)
                if done:
                    exited[pid] = (os.waitstatus_to_exitcode(status), usage.ru_maxrss)
                    hwm[pid] = usage.ru_maxrss   # exact peak RSS of the root process
        time.sleep(interval)
    wall = time.monotonic() - start
    for p in procs:
        p.returncode = exited[p.pid][0]
    for d in drains:
        d.join()
    return {"label": label, "wall": wall, "peak_pss": peak_pss, "peak_rss": peak_rss,
            "sum_hwm": sum(hwm.values()), "procs": max_procs, "samples": samples,
            "results": [(p.args, exited[p.pid][0]) + outputs[p.pid] for p in procs]}

def check(fig, expect_result_lines=None):
    """Every process exited 0 and printed 'all equal: True'; returns a list of problems."""
    problems = []
    for args, status, out, err in fig["results"]:
        cmd = " ".join(shlex.quote(a) for a in args)
        if status != 0:
            problems.append(f"{cmd}: exit status {status}: {err.strip()[-400:]}")
        elif "all equal: True" not in out.splitlines():
            problems.append(f"{cmd}: no 'all equal: True' in its output: {out.strip()[-300:]}")
    return problems

def result_lines(out):
    return [l for l in out.splitlines() if not l.startswith("Free-threading active:")]

MP_POOL = f"""
import multiprocessing, sys
def compute_heavy_pi(iterations: int) -> float:
    pi = 0.0
    for k in range(iterations):
        pi += ((4.0 * (-1)**k) / (2 * k + 1))
    return pi
if __name__ == "__main__":
    with multiprocessing.get_context("fork").Pool({WORKERS}) as pool:
        results = pool.map(compute_heavy_pi, [{iterations}] * {WORKERS}, chunksize=1)
    print("all equal:", all(r == results[0] for r in results))
    print("pi ~", results[0])
"""

per = iterations // WORKERS
scenarios = []
if use_ftvm:
    ftvm = [java] + shlex.split(java_opts) + ["-jar", jar] + shlex.split(ftvm_opts)
    scenarios.append(("ftvm", "threads",
        [ftvm + [example, str(iterations), str(WORKERS)]],
        f"1 process: pi_threads.py {iterations} {WORKERS}"))
    scenarios.append(("ftvm", "processes",
        [ftvm + [example, str(per), "1"] for _ in range(WORKERS)],
        f"{WORKERS} processes: pi_threads.py {per} 1"))
scenarios.append(("cpython", "threads", [[python, example, str(iterations), str(WORKERS)]],
    f"1 process: pi_threads.py {iterations} {WORKERS}"))
scenarios.append(("cpython", "processes", [[python, example, str(per), "1"] for _ in range(WORKERS)],
    f"{WORKERS} processes: pi_threads.py {per} 1"))
scenarios.append(("cpython", "mp-fork-pool", [[python, "-c", MP_POOL]],
    f"multiprocessing.Pool({WORKERS}, fork).map(compute_heavy_pi, [{iterations}]*{WORKERS})"))

with open("/proc/loadavg") as f:
    load_before = " ".join(f.read().split()[:3])
print(f"# footprint: {WORKERS} workers, {iterations} iterations per worker in total; sampling every {interval} s; "
      f"{os.cpu_count()} CPUs; load before: {load_before}")
if use_ftvm:
    jv = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print(f"# ftvm: {jar}; {jv}; JAVA_OPTS='{java_opts}' (every ftvm JVM); ftvm options '{ftvm_opts}'")
pv = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
print(f"# cpython: {python} ({pv})")
fmt = "{:<8} {:<13} {:>6} {:>9} {:>13} {:>13} {:>13}  {}"
print(fmt.format("runtime", "scenario", "procs", "wall [s]", "peak PSS [MB]", "peak RSS [MB]", "sum HWM [MB]", "command"))
figures, status = {}, 0
for runtime, scenario, commands, desc in scenarios:
    fig = run(f"{runtime} {scenario}", commands)
    problems = check(fig)
    figures[(runtime, scenario)] = fig
    mb = lambda kb: f"{kb / 1024:.1f}"
    print(fmt.format(runtime, scenario, fig["procs"], f"{fig['wall']:.2f}", mb(fig["peak_pss"]), mb(fig["peak_rss"]),
                     mb(fig["sum_hwm"]), desc), flush=True)
    fig["failed"] = bool(problems)
    for p in dict.fromkeys(problems):   # identical failures of the 8 processes once, with a count
        print(f"  FAILED ({problems.count(p)}x): {p}")
        status = 1
# ftvm's threaded output must be CPython's (same program, same arguments).
if use_ftvm and status == 0:
    ft = figures[("ftvm", "threads")]["results"][0][2]
    cp = figures[("cpython", "threads")]["results"][0][2]
    if result_lines(ft) != result_lines(cp):
        print("  FAILED: ftvm's threaded run printed something else than CPython's:\n    " + "\n    ".join(result_lines(ft)))
        status = 1
with open("/proc/loadavg") as f:
    print("# load after: " + " ".join(f.read().split()[:3]))
print("# threads / processes (lower is better; issue 6 target for ftvm: <= 40%):")
for runtime, against in (("ftvm", "processes"), ("cpython", "processes"), ("cpython", "mp-fork-pool")):
    t, p = figures.get((runtime, "threads")), figures.get((runtime, against))
    if not t or not p:
        continue
    if t["failed"] or p["failed"]:
        print(f"#   {runtime} threads vs {against}: no figure, a run failed (see above)")
        continue
    ratios = {k: 100.0 * t[k] / p[k] for k in ("peak_pss", "peak_rss", "sum_hwm") if p[k] > 0}
    verdict = ""
    if runtime == "ftvm":
        missed = [name for key, name in (("peak_pss", "PSS"), ("peak_rss", "RSS"), ("sum_hwm", "sum HWM"))
                  if ratios.get(key, 100.0) > 40.0]
        verdict = "  -> target met on every measure" if not missed else "  -> target NOT met on " + ", ".join(missed)
    print(f"#   {runtime} threads vs {against}: PSS {ratios.get('peak_pss', float('nan')):.1f}%, "
          f"RSS {ratios.get('peak_rss', float('nan')):.1f}%, sum HWM {ratios.get('sum_hwm', float('nan')):.1f}%"
          f"  (saving {100 - ratios.get('peak_pss', float('nan')):.0f}% by PSS){verdict}")
sys.exit(status)
PY
status=$?
set -e
if [ "$missing_jar" -eq 1 ] && [ "$status" -eq 0 ]; then exit 2; fi
exit "$status"
