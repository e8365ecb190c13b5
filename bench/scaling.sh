#!/usr/bin/env bash
# Thread scaling of ftvm in free-threaded (--gil=0) and GIL (--gil=1) mode, with CPython (python3)
# as reference: runs vm/examples/pi_threads.py (the seed's program: 8 tasks of a float series)
# and vm/examples/list_dict_threads.py (8 list/dict-heavy tasks touching shared objects) with
# 1, 2, 4 and 8 workers. The total work is fixed (8 tasks of the given size), so throughput
# relative to 1 worker is median_time(1 worker) / median_time(N workers). Target (issue 6, 2-core
# machine): 2 workers at least 1.8x in free-threaded mode, about 1.0x in GIL mode.
# Whole-process wall time (JVM start-up included: it does not shrink with more workers, so it
# lowers the ratios; "thru/1w net" subtracts the start-up of an empty program, and
# ThreadScalingBenchmark measures in-process without it). Columns beside the time:
#   cpu     user+sys CPU seconds of the run (all threads, from wait4)
#   cores   cpu/time: the cores the run actually got
#   demand  sum over the process's Python threads (the JVM's JIT, GC and VM threads excluded by
#           name) of (time on a CPU + time runnable but waiting for one) divided by the wall time
#           (from /proc/PID/task/*/schedstat, sampled every 20 ms): the average number of Python
#           threads that wanted a CPU. Threads blocked on a lock or the GIL sleep and do not
#           count; threads held back by other users of the machine do. So on a busy machine,
#           where wall-clock speed-up is capped by the CPU share left to this session (Linux
#           autogroup scheduling gives each session an equal share, whatever its thread count),
#           "demand" still shows whether N workers could run in parallel: up to N for free
#           threads, about 1 under a GIL. Caveat: under load a GIL hand-off leaves the woken
#           thread runnable while the old holder may still be runnable too, which inflates the
#           GIL rows somewhat; start-up (single-threaded) pulls every row towards 1.
#   cpu/1w  cpu(N workers) / cpu(1 worker) for the same work: above 1.0 it is the cost of
#           parallelism (contended cache lines, locks, GIL hand-offs).
#   jit     CPU seconds of HotSpot's compiler threads (C1/C2, from their schedstat): part of cpu,
#           and serial work that competes with the workers for the 2 cores; at the default sizes
#           it is of the order of the workers' own CPU (docs/claims.md section 1, "Where the time goes").
#   py      CPU seconds of the Python threads (ftvm-main and the workers, from their schedstat,
#           sampled every 20 ms, so a thread that ends between two samples loses its last 20 ms;
#           CPython: the whole process): the part of cpu that is the program; cpu - py is the
#           JVM's and ftvm's own work (start-up, class loading, JIT compilers, GC), which more
#           workers do not divide (docs/startup.md, "Session 5").
#
# Every run's output is checked: it must equal the first run of the same mode at 1 worker (only
# the "workers: N" header differs), and ftvm's output must equal CPython's apart from the
# "Free-threading active:" line, which must say True under --gil=0 and False under --gil=1.
#
# Usage: bench/scaling.sh [-n RUNS] [--workers "1 2 4 8"] [--workloads "pi_threads list_dict_threads"]
#                         [--pi-iterations N | --seed-size] [--items N] [--python-only | --no-python] [--aot]
#   -n RUNS            runs per point (default 3)
#   --workers LIST     worker counts, the first is the baseline (default "1 2 4 8")
#   --workloads LIST   default "pi_threads list_dict_threads"
#   --pi-iterations N  iterations per pi_threads task (default 1000000; the seed uses 10000000)
#   --seed-size        the seed's size: --pi-iterations 10000000 (CPython 3.11 then takes ~20 s per
#                      run and worker count: with --no-python the ftvm rows alone take ~1 min)
#   --items N          items per list_dict_threads task (default 400000)
#   --python-only      CPython rows only (no ftvm.jar needed)
#   --no-python        ftvm rows only: each run is still checked against the first run of its
#                      mode and for the "Free-threading active:" line, not against CPython's output
#   --aot              also "ftvm-aot --gil=0" rows: the same jar and command with JDK 25's AOT
#                      cache (JEP 483/514/515: classes loaded and linked ahead of time, method
#                      profiles), an OPT-IN that needs a JVM flag; printed beside the plain rows,
#                      never instead of them. Training step (done once per run of this script,
#                      printed in the header, the same command a user would run):
#                        java -XX:AOTCacheOutput=ftvm.aot -jar ftvm.jar vm/examples/pi_threads.py 1000000 2
#                      then every ftvm-aot run is  java -XX:AOTCache=ftvm.aot -jar ftvm.jar FILE.py ...
#   --in-process       also the steady state in-process: ScalingProbe (bench/target/benchmarks.jar,
#                      BENCH_JAR) runs each workload at the same size in one warm VM per worker
#                      count and GIL mode (no JVM start-up, no warm-up: compiled code kept between
#                      runs), 2 warm-up + RUNS rounds interleaved with a two-VM machine control;
#                      prints its medians (wall, serial parts, worker CPU and run-queue wait,
#                      HotSpot JIT CPU) and the per-round throughput ratios
# Environment: PYTHON (default python3), FTVM_JAR (default vm/target/ftvm.jar), JAVA_HOME (default
# /usr/lib/jvm/temurin-25-jdk-amd64 when present), JAVA_OPTS (extra JVM flags, printed in the header).
# The header and footer print a machine control (2 CPU-bound processes against 1 on the same work):
# when it is far below 2.0x, the session had no second core to give and no wall-clock scaling
# figure of that run can show more than it.
# Exit status: 0 ok; 1 a failed run or an output mismatch; 2 usage error or ftvm.jar missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
examples="$repo/vm/examples"
runs=3
workers_list="1 2 4 8"
workloads="pi_threads list_dict_threads"
pi_iterations=1000000
items=400000
python_only=0
no_python=0
aot=0
in_process=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="${2:-}"; shift 2 ;;
    --workers) workers_list="${2:-}"; shift 2 ;;
    --workloads) workloads="${2:-}"; shift 2 ;;
    --pi-iterations) pi_iterations="${2:-}"; shift 2 ;;
    --seed-size) pi_iterations=10000000; shift ;;
    --items) items="${2:-}"; shift 2 ;;
    --python-only) python_only=1; shift ;;
    --no-python) no_python=1; shift ;;
    --aot) aot=1; shift ;;
    --in-process) in_process=1; shift ;;
    -h|--help) sed -n '2,71p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive() { case "$2" in ''|*[!0-9]*|0) echo "$1 needs a positive integer, got '$2'" >&2; exit 2 ;; esac; }
if [ "$python_only" -eq 1 ] && { [ "$no_python" -eq 1 ] || [ "$aot" -eq 1 ]; }; then
  echo "--python-only excludes --no-python and --aot" >&2; exit 2
fi
positive -n "$runs"
positive --pi-iterations "$pi_iterations"
positive --items "$items"
for w in $workers_list; do positive "--workers entry" "$w"; done
for wl in $workloads; do
  [ -f "$examples/$wl.py" ] || { echo "no such workload: $examples/$wl.py" >&2; exit 2; }
done

python="${PYTHON:-python3}"
jar="${FTVM_JAR:-$repo/vm/target/ftvm.jar}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a jvm_opts <<< "${JAVA_OPTS:-}"

missing_jar=0
modes=("cpython")
if [ "$python_only" -eq 0 ]; then
  if [ -f "$jar" ]; then
    modes=("cpython" "ftvm --gil=0" "ftvm --gil=1")
    [ "$aot" -eq 0 ] || modes+=("ftvm-aot --gil=0")
    [ "$no_python" -eq 0 ] || modes=("${modes[@]:1}")
  else
    missing_jar=1
    echo "ftvm jar not found: $jar" >&2
    echo "  build it with:  mvn -o -B -pl vm -am package -DskipTests -Djcstress.skip=true" >&2
    echo "  (or point FTVM_JAR at it; use --python-only for the CPython rows alone). CPython rows only." >&2
  fi
fi

now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# Output with the worker count taken out of the header line (the only worker-dependent text).
normalise() { sed 's/workers: [0-9]*$/workers: N/' "$1"; }

failed_run() { # ERRFILE CMD...: names the command and shows the start and end of its stderr
  local err="$1"; shift
  echo "FAILED: $*" >&2
  if [ "$(wc -l < "$err")" -le 8 ]; then sed 's/^/  | /' "$err" >&2
  else { head -n 3 "$err"; echo "..."; tail -n 4 "$err"; } | sed 's/^/  | /' >&2
  fi
}
# The runner: starts CMD with stdout/stderr to files, samples /proc/PID/task/*/schedstat (per
# thread: ns on a CPU, ns runnable but waiting for one) until it exits, then prints
# "wall_seconds cpu_seconds demand jit_seconds py_seconds" and exits with CMD's status. cpu is user+sys from wait4 (all
# threads, exact); demand = sum over threads of (on-CPU + runqueue wait) / wall: the average number
# of threads that were running or wanted to run. Unlike the wall time it does not depend on how
# much CPU the other users of the machine leave (a thread held back by them waits on the run queue
# and still counts), while a thread blocked on a lock or the GIL sleeps and does not count.
runner='
import os, subprocess, sys, time
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
# Not Python threads: the JVM launcher thread (waits for ftvm-main), JIT compilers, GC, VM threads.
JVM_SERVICE_THREADS = ("java", "C1 CompilerThre", "C2 CompilerThre", "GC Thread", "G1 ", "VM ", "Service Thread",
    "Monitor Deflati", "Common-Cleaner", "Signal Dispatch", "Reference Handl", "Finalizer", "Notification Thr",
    "Attach Listener", "process reaper", "Sweeper thread")
last = {}
jit = {}
py = {}
with open(out, "wb") as fo, open(err, "wb") as fe:
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=fo, stderr=fe)
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            tids = os.listdir(f"/proc/{p.pid}/task")
        except OSError:
            tids = []
        for tid in tids:
            try:
                with open(f"/proc/{p.pid}/task/{tid}/comm") as f:
                    comm = f.read()
                with open(f"/proc/{p.pid}/task/{tid}/schedstat") as f:
                    on_cpu, waiting = f.read().split()[:2]
                if comm.startswith(("C1 CompilerThre", "C2 CompilerThre")):
                    jit[tid] = int(on_cpu)
                if not comm.startswith(JVM_SERVICE_THREADS):
                    last[tid] = int(on_cpu) + int(waiting)
                    if not comm.startswith("ftvm-early-sta"):
                        py[tid] = int(on_cpu)
            except (OSError, ValueError):
                pass
        time.sleep(0.02)
    wall = time.monotonic() - t0
demand = sum(last.values()) / 1e9 / wall
cpu = usage.ru_utime + usage.ru_stime
pycpu = sum(py.values()) / 1e9 if os.path.basename(cmd[0]) == "java" else cpu
print(f"{wall:.4f} {cpu:.3f} {demand:.2f} {sum(jit.values()) / 1e9:.3f} {pycpu:.3f}")
sys.exit(os.waitstatus_to_exitcode(status))
'
# run_once OUTFILE RUN CMD...: runs CMD once and prints "wall cpu demand jit py" (see the runner).
# Run 0 writes its normalised stdout to OUTFILE; every later run must print the same.
run_once() {
  local out="$1" i="$2" r; shift 2
  if ! r="$("$python" -c "$runner" "$out.run" "$out.err" "$@")"; then
    failed_run "$out.err" "$@"; return 1
  fi
  if [ "$i" -eq 0 ]; then
    normalise "$out.run" > "$out"
  elif ! normalise "$out.run" | cmp -s - "$out"; then
    echo "NONDETERMINISTIC: run $((i + 1)) of $* printed something else than run 1:" >&2
    normalise "$out.run" | diff "$out" - | head -n 10 >&2
    return 1
  fi
  echo "$r"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
python_gil="$("$python" -c 'import sys
print(sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True)')"
ftvm_desc="not run"
if [ "${modes[1]:-}" != "" ]; then
  ftvm_desc="$jar ($("$java" -version 2>&1 | head -n 1)${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS})"
fi
echo "# $("$python" --version 2>&1) (GIL enabled: $python_gil); ftvm: $ftvm_desc"
echo "# $runs runs per point, median wall time; $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# repo $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
# Control: how much parallelism this session gets from the machine right now, independent of any
# runtime: one process burning 2 units of CPU against 2 processes burning 1 unit each at once
# (CPython loops, no threads, no GIL involved); 2.0x means 2 free cores, 1.0x means none to spare.
burn='
import sys
x = 0
for i in range(int(sys.argv[1])):
    x += i
'
control() {
  local n=4000000 i a b c d ones=() twos=()
  for ((i = 0; i < 3; i++)); do
    a="$(now)"; "$python" -c "$burn" $((2 * n)); b="$(now)"
    "$python" -c "$burn" "$n" & "$python" -c "$burn" "$n" & wait; c="$(now)"
    ones+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b - a }')")
    twos+=("$(awk -v a="$b" -v b="$c" 'BEGIN { printf "%.4f", b - a }')")
  done
  awk -v o="$(median "${ones[@]}")" -v t="$(median "${twos[@]}")" 'BEGIN { printf "%.2fx (1 process x 2 units %.2f s, 2 processes x 1 unit %.2f s)", o / t, o, t }'
}
echo "# machine control before: 2 processes vs 1 on the same CPU work: $(control)"
[ "$no_python" -eq 0 ] || echo "# --no-python: ftvm's output is not compared with CPython's in this run"
# ftvm_cmd MODE ARGS...: sets cmd to ftvm's command line for MODE ("ftvm --gil=N" or "ftvm-aot --gil=N").
aot_file="$tmp/ftvm.aot"
ftvm_cmd() {
  local mode="$1"; shift
  cmd=("$java" ${jvm_opts[@]+"${jvm_opts[@]}"})
  [ "${mode%% *}" != ftvm-aot ] || cmd+=("-XX:AOTCache=$aot_file")
  cmd+=(-jar "$jar" "$@")
}
if [ "$aot" -eq 1 ] && [ "$python_only" -eq 0 ] && [ "$missing_jar" -eq 0 ]; then
  # The documented training step (docs/startup.md, "AOT cache"): one short threaded run, which
  # records the classes it loads and links and the method profiles HotSpot collects.
  train=("$java" ${jvm_opts[@]+"${jvm_opts[@]}"} "-XX:AOTCacheOutput=$aot_file" -jar "$jar" "$examples/pi_threads.py" 1000000 2)
  a="$(now)"
  if "${train[@]}" > "$tmp/aot-train.out" 2> "$tmp/aot-train.err" && [ -f "$aot_file" ]; then
    echo "# AOT cache (opt-in rows ftvm-aot): trained in $(awk -v a="$a" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s with: java -XX:AOTCacheOutput=ftvm.aot -jar ftvm.jar vm/examples/pi_threads.py 1000000 2 ($(du -m "$aot_file" | cut -f1) MB)"
  else
    failed_run "$tmp/aot-train.err" "${train[@]}"; status=1
    mapfile -t modes < <(printf '%s\n' "${modes[@]}" | grep -v '^ftvm-aot')
  fi
fi
# Start-up of each interpreter (an empty program, median of RUNS), to judge how much of each time
# is fixed cost: "thru/1w net" is the throughput ratio with this start-up subtracted from both times.
declare -A startup
for mode in "${modes[@]}"; do
  [ "$mode" = "ftvm --gil=1" ] && continue   # the same JVM and jar as --gil=0
  if [ "$mode" = cpython ]; then cmd=("$python" -c pass); else ftvm_cmd "$mode" -c pass; fi
  ws=()
  for ((i = 0; i < runs; i++)); do
    if r="$(run_once "$tmp/startup.${mode//[ =]/_}" "$i" "${cmd[@]}")"; then ws+=("${r%% *}"); else status=1; break; fi
  done
  startup[$mode]="$([ ${#ws[@]} -gt 0 ] && median "${ws[@]}" || echo 0)"
done
startup[ftvm --gil=1]="${startup[ftvm --gil=0]:-0}"
echo "# start-up (empty program, median): cpython ${startup[cpython]:-not run} s${startup[ftvm --gil=0]:+; ftvm ${startup[ftvm --gil=0]} s}${startup[ftvm-aot --gil=0]:+; ftvm with the AOT cache ${startup[ftvm-aot --gil=0]} s}"
printf '%-26s %-16s %7s %9s %8s %7s %7s %6s %6s %7s %10s %12s  %s\n' workload mode workers "time [s]" "cpu [s]" "jit [s]" "py [s]" cores demand "cpu/1w" "thru/1w" "thru/1w net" output
summary=()
for workload in $workloads; do
  size="$pi_iterations"; [ "$workload" = list_dict_threads ] && size="$items"
  cpython_ref=""
  for mode in "${modes[@]}"; do
    base=""; base_cpu="-"; reference=""
    # Runs interleaved (run 1 of every worker count, then run 2, ...), so that a change in the
    # machine's load during the measurement falls on every worker count alike.
    declare -A walls=() cpus=() demands=() jits=() pys=() failed=()
    for ((i = 0; i < runs; i++)); do
      for w in $workers_list; do
        [ -z "${failed[$w]:-}" ] || continue
        if [ "$mode" = cpython ]; then
          cmd=("$python" "$examples/$workload.py" "$size" "$w")
        else
          ftvm_cmd "$mode" "${mode##* }" "$examples/$workload.py" "$size" "$w"
        fi
        if r="$(run_once "$tmp/$workload.${mode//[ =]/_}.$w.out" "$i" "${cmd[@]}")"; then
          read -r rw rc rd rj rp <<< "$r"
          walls[$w]+=" $rw"; cpus[$w]+=" $rc"; demands[$w]+=" $rd"; jits[$w]+=" $rj"; pys[$w]+=" $rp"
        else
          failed[$w]=1; status=1
        fi
      done
    done
    for w in $workers_list; do
      out="$tmp/$workload.${mode//[ =]/_}.$w.out"
      if [ -n "${failed[$w]:-}" ]; then
        printf '%-26s %-16s %7s %9s %8s %7s %7s %6s %6s %7s %10s %12s  %s\n' "$workload $size" "$mode" "$w" failed - - - - - - - - -
        continue
      fi
      # shellcheck disable=SC2086  # word splitting of the space-separated samples is intended
      t="$(median ${walls[$w]})"
      cpu="$(median ${cpus[$w]})"
      jitcpu="$(median ${jits[$w]})"
      pycpu="$(median ${pys[$w]})"
      demand="$(median ${demands[$w]} | awk '{ printf "%.2f", $1 }')"
      cores="$(awk -v c="$cpu" -v t="$t" 'BEGIN { printf "%.2f", c / t }')"
      [ -n "$base" ] || { base="$t"; base_cpu="$cpu"; }
      cpu_ratio="$(awk -v c="$cpu" -v b="$base_cpu" 'BEGIN { if (b > 0) printf "%.2f", c / b; else print "-" }')"
      speedup="$(awk -v b="$base" -v t="$t" 'BEGIN { printf "%.2fx", b / t }')"
      s0="${startup[$mode]:-0}"
      net="$(awk -v b="$base" -v t="$t" -v s="$s0" 'BEGIN { if (t - s > 0) printf "%.2fx", (b - s) / (t - s); else print "-" }')"
      # Output checks: same as this mode's first worker count; ftvm also same as CPython.
      match="ok"
      if [ -z "$reference" ]; then reference="$out"
      elif ! cmp -s "$reference" "$out"; then match="DIFFERS from ${workers_list%% *} workers"; status=1
      fi
      if [ "$mode" = cpython ]; then
        [ -n "$cpython_ref" ] || cpython_ref="$out"
      elif [ "$match" = ok ]; then
        want="True"; [ "${mode##* }" = "--gil=1" ] && want="False"
        if grep -q '^Free-threading active:' "$out" && ! grep -qx "Free-threading active: $want" "$out"; then
          match="WRONG MODE ($(grep '^Free-threading active:' "$out"))"; status=1
        elif [ -n "$cpython_ref" ] && ! cmp -s <(grep -v '^Free-threading active:' "$cpython_ref") <(grep -v '^Free-threading active:' "$out"); then
          match="DIFFERS from cpython"; status=1
        fi
      fi
      printf '%-26s %-16s %7s %9s %8s %7s %7s %6s %6s %7s %10s %12s  %s\n' "$workload $size" "$mode" "$w" "$t" "$cpu" "$jitcpu" "$pycpu" "$cores" "$demand" "$cpu_ratio" "$speedup" "$net" "$match"
      if [ "$w" = 2 ] && [ "$mode" != cpython ]; then
        if [ "${mode##* }" = "--gil=0" ]; then
          verdict="$(awk -v b="$base" -v t="$t" 'BEGIN { print (b / t >= 1.8 ? "met" : "NOT met") }')"
          optin=""; [ "${mode%% *}" != ftvm-aot ] || optin=" [opt-in: JVM flag -XX:AOTCache]"
          summary+=("$workload, $mode: 2 workers = $speedup of 1 worker, $net without start-up (target >= 1.80x: $verdict)$optin")
        else
          summary+=("$workload, $mode: 2 workers = $speedup of 1 worker, $net without start-up (expected about 1.0x)")
        fi
      fi
    done
  done
done
if [ "$in_process" -eq 1 ] && [ "$python_only" -eq 0 ]; then
  bench_jar="${BENCH_JAR:-$repo/bench/target/benchmarks.jar}"
  if [ ! -f "$bench_jar" ]; then
    echo "benchmarks jar not found: $bench_jar (mvn -o -B -pl bench -am package -DskipTests -Djcstress.skip=true)" >&2
    status=1
  else
    read -r -a probe_flags <<< "$(unzip -p "$bench_jar" freethread-jvm-flags.properties | sed -n 's/^jvm.flags=//p')"
    for workload in $workloads; do
      size="$pi_iterations"; [ "$workload" = list_dict_threads ] && size="$items"
      echo "# in-process, warm VM (ScalingProbe): $workload $size"
      if ! probe_out="$("$java" ${jvm_opts[@]+"${jvm_opts[@]}"} "${probe_flags[@]}" -cp "$bench_jar" io.github.freethread.bench.vm.ScalingProbe \
          --workload "$workload" --size "$size" --workers "${workers_list// /,}" --gil 0,1 --vm warm --warmup 2 --runs "$runs" \
          --control true 2>&1)"; then
        echo "$probe_out" | tail -n 5 >&2; echo "FAILED: ScalingProbe $workload" >&2; status=1; continue
      fi
      echo "$probe_out" | grep -v '^run \|^ctl-[ab] '
      while IFS= read -r line; do summary+=("$workload in-process warm, ${line#\# }"); done < <(echo "$probe_out" | grep '^# gil=')
    done
  fi
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# machine control after: 2 processes vs 1 on the same CPU work: $(control)"
for line in ${summary[@]+"${summary[@]}"}; do echo "# $line"; done
if [ "$missing_jar" -eq 1 ]; then exit 2; fi
exit "$status"
