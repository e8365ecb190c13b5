#!/usr/bin/env bash
# Times the vm/examples workloads under CPython (python3) and under ftvm, whole process
# (start-up included), RUNS runs each, and prints the median wall time of each and the ratio
# ftvm/CPython (< 1.0 means ftvm is faster). It also checks that ftvm printed exactly what CPython
# printed for each workload (the "output" column).
#
# Usage: bench/compare-cpython.sh [-n RUNS] [--cpu | --cycles] [--jit-off-column] [--python-only]
#                                  [--ftvm-opts "OPTS"] [WORKLOAD[:ARGS]...]
#   -n RUNS          runs per interpreter and workload (default 5)
#   --cpu            report CPU time (user + system seconds of the whole process, all threads:
#                    ftvm's JIT compiler threads included) instead of wall time; on a shared,
#                    loaded machine wall time measures the other processes as much as ours
#   --cycles         report user-mode cycles (perf record -e cycles:u, one sample per 2M cycles;
#                    needs perf): CPython's whole process, ftvm's interpreter thread (ftvm-main)
#                    alone, i.e. without JVM start-up threads and HotSpot's compiler threads
#   --jit-off-column also run ftvm with --jit=off (the interpreter alone) and print that column
#   --python-only    time CPython only (no ftvm.jar needed)
#   --ftvm-opts OPTS extra ftvm options, e.g. "--refcount=atomic" (run twice to compare modes)
#   WORKLOAD[:ARGS]  e.g. nbody:50000 (default: pi_series nbody spectral_norm fannkuch at their
#                    default sizes, each sized for about 1-3 s under CPython)
# Environment: PYTHON (default python3), FTVM_JAR (default vm/target/ftvm.jar), JAVA_HOME
# (default /usr/lib/jvm/temurin-25-jdk-amd64 when present), JAVA_OPTS (extra JVM flags; ftvm
# itself needs none).
# Exit status: 0 ok; 1 an output mismatch or a failed run; 2 ftvm.jar missing (without --python-only).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
examples="$repo/vm/examples"
runs=5
cpu=0
cycles=0
jit_off=0
python_only=0
ftvm_opts=""
workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --python-only) python_only=1; shift ;;
    --cpu) cpu=1; shift ;;
    --cycles) cycles=1; shift ;;
    --jit-off-column) jit_off=1; shift ;;
    --ftvm-opts) ftvm_opts="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) workloads+=("$1"); shift ;;
  esac
done
[ ${#workloads[@]} -gt 0 ] || workloads=(pi_series nbody spectral_norm fannkuch)
case "$runs" in ''|*[!0-9]*|0) echo "-n needs a positive integer, got '$runs'" >&2; exit 2 ;; esac

python="${PYTHON:-python3}"
jar="${FTVM_JAR:-$repo/vm/target/ftvm.jar}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

missing_jar=0
if [ "$python_only" -eq 0 ] && [ ! -f "$jar" ]; then
  missing_jar=1
  echo "ftvm jar not found: $jar" >&2
  echo "  build it with:  mvn -o -B -pl vm -am package -DskipTests -Djcstress.skip=true" >&2
  echo "  (or point FTVM_JAR at it; use --python-only to time CPython alone). Timing CPython only." >&2
fi
use_ftvm=$(( python_only == 0 && missing_jar == 0 ))

cpu_seconds() { # user + system CPU seconds of this shell's terminated children so far
  times > "$tmp/times" # the builtin, in this shell (a pipe or $(...) would ask a fresh subshell)
  awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } print t }' "$tmp/times"
}
now() { # wall clock in seconds with microseconds
  if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi
}
median() { # median of the numbers given as arguments
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.4f\n", v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# user-mode Gcycles of thread ftvm-main in a perf data file, or of every thread if there is none
thread_gcycles() {
  perf report -i "$1" --sort comm -F comm,period --stdio 2>/dev/null | awk '/^#/ || NF < 2 { next }
    { all += $NF; if ($1 == "ftvm-main") main += $NF } END { printf "%.4f\n", (main > 0 ? main : all) / 1e9 }'
}
# time_runs OUTFILE CMD...: runs CMD $runs times, stdout of the first run to OUTFILE, prints the median
time_runs() {
  local out="$1"; shift
  local times=() i t0 t1
  for ((i = 0; i < runs; i++)); do
    if [ "$cycles" -eq 1 ]; then
      if ! perf record -q -e cycles:u -c 2000000 -o "$out.perf" -- "$@" > "$out.run" 2> "$out.err"; then
        echo "FAILED: $* (stderr follows)" >&2; tail -n 5 "$out.err" >&2; return 1
      fi
      [ "$i" -eq 0 ] && mv "$out.run" "$out"
      times+=("$(thread_gcycles "$out.perf")")
      continue
    fi
    if [ "$cpu" -eq 1 ]; then cpu_seconds > "$out.t0"; t0="$(cat "$out.t0")"; else t0="$(now)"; fi
    if ! "$@" > "$out.run" 2> "$out.err"; then
      echo "FAILED: $* (stderr follows)" >&2; tail -n 5 "$out.err" >&2; return 1
    fi
    if [ "$cpu" -eq 1 ]; then cpu_seconds > "$out.t1"; t1="$(cat "$out.t1")"; else t1="$(now)"; fi
    [ "$i" -eq 0 ] && mv "$out.run" "$out"
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
  done
  median "${times[@]}"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
if [ "$use_ftvm" -eq 1 ]; then ftvm_desc="ftvm ($jar${ftvm_opts:+ $ftvm_opts})"; else ftvm_desc="ftvm not run"; fi
if [ "$cycles" -eq 1 ]; then what="user Gcycles (CPython: process; ftvm: thread ftvm-main)"
elif [ "$cpu" -eq 1 ]; then what="CPU time (user+sys, all threads)"; else what="wall time"; fi
echo "# $("$python" --version 2>&1) vs $ftvm_desc; $runs runs each, median $what, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
if [ "$use_ftvm" -eq 1 ]; then echo "# $("$java" -version 2>&1 | head -1)"; fi
if [ "$cycles" -eq 1 ]; then unit="G"; else unit="s"; fi
printf '%-16s %-10s %12s %12s %14s %8s' workload args "CPython [$unit]" "ftvm [$unit]" "ftvm/CPython" output
[ "$jit_off" -eq 1 ] && printf ' %14s %10s' "jit=off [$unit]" "off/CPy"
printf '\n'
for spec in "${workloads[@]}"; do
  name="${spec%%:*}"; args=""
  [ "$spec" != "$name" ] && args="${spec#*:}"
  file="$examples/$name.py"
  [ -f "$file" ] || { echo "no such workload: $file" >&2; status=1; continue; }
  read -r -a argv <<< "$args"
  py_t="$(time_runs "$tmp/$name.py.out" "$python" "$file" ${argv[@]+"${argv[@]}"})" || { status=1; continue; }
  ft_t="n/a"; ratio="n/a"; match="n/a"
  if [ "$use_ftvm" -eq 1 ]; then
    read -r -a opts <<< "$ftvm_opts"
    if ft_t="$(time_runs "$tmp/$name.ftvm.out" "$java" ${JAVA_OPTS:-} -jar "$jar" ${opts[@]+"${opts[@]}"} "$file" ${argv[@]+"${argv[@]}"})"; then
      ratio="$(awk -v f="$ft_t" -v p="$py_t" 'BEGIN { printf "%.2f", f / p }')"
      if cmp -s "$tmp/$name.py.out" "$tmp/$name.ftvm.out"; then match="same"; else match="DIFFERS"; status=1; fi
    else
      ft_t="failed"; status=1
    fi
  fi
  printf '%-16s %-10s %12s %12s %14s %8s' "$name" "${args:-default}" "$py_t" "$ft_t" "$ratio" "$match"
  if [ "$jit_off" -eq 1 ] && [ "$use_ftvm" -eq 1 ]; then
    off_t="$(time_runs "$tmp/$name.off.out" "$java" ${JAVA_OPTS:-} -jar "$jar" ${opts[@]+"${opts[@]}"} --jit=off "$file" \
      ${argv[@]+"${argv[@]}"})" || { off_t="failed"; status=1; }
    off_ratio="$(awk -v f="$off_t" -v p="$py_t" 'BEGIN { if (f + 0 > 0) printf "%.2f", f / p; else print "n/a" }')"
    printf ' %14s %10s' "$off_t" "$off_ratio"
  fi
  printf '\n'
done
if [ "$missing_jar" -eq 1 ]; then exit 2; fi
exit "$status"
