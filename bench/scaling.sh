#!/usr/bin/env bash
# Thread scaling of ftvm in free-threaded (--gil=0) and GIL (--gil=1) mode, with CPython (python3)
# as reference: runs vm/examples/pi_threads.py (the seed's program: 8 tasks of a float series)
# and vm/examples/list_dict_threads.py (8 list/dict-heavy tasks touching shared objects) with
# 1, 2, 4 and 8 workers. The total work is fixed (8 tasks), so throughput relative to 1 worker is
# median_time(1 worker) / median_time(N workers). Target (issue 6, 2-core machine): 2 workers at
# least 1.8x in free-threaded mode, about 1.0x in GIL mode. Whole-process wall time.
#
# Usage: bench/scaling.sh [-n RUNS] [--workers "1 2 4 8"] [--pi-iterations N] [--items N] [--python-only]
#   -n RUNS            runs per point (default 3)
#   --pi-iterations N  iterations per pi_threads task (default 1000000; the seed uses 10000000)
#   --items N          items per list_dict_threads task (default 400000)
#   --python-only      CPython rows only (no ftvm.jar needed)
# Environment: PYTHON, FTVM_JAR, JAVA_HOME, JAVA_OPTS as in bench/compare-cpython.sh.
# Exit status: 0 ok; 1 a failed run or outputs that differ between worker counts; 2 jar missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
examples="$repo/vm/examples"
runs=3
workers_list="1 2 4 8"
pi_iterations=1000000
items=400000
python_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --workers) workers_list="$2"; shift 2 ;;
    --pi-iterations) pi_iterations="$2"; shift 2 ;;
    --items) items="$2"; shift 2 ;;
    --python-only) python_only=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "-n needs a positive integer, got '$runs'" >&2; exit 2 ;; esac

python="${PYTHON:-python3}"
jar="${FTVM_JAR:-$repo/vm/target/ftvm.jar}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

missing_jar=0
modes=("cpython")
if [ "$python_only" -eq 0 ]; then
  if [ -f "$jar" ]; then
    modes=("ftvm --gil=0" "ftvm --gil=1" "cpython")
  else
    missing_jar=1
    echo "ftvm jar not found: $jar" >&2
    echo "  build it with:  mvn -o -B -pl vm -am package -DskipTests -Djcstress.skip=true" >&2
    echo "  (or point FTVM_JAR at it; use --python-only for the CPython rows alone). CPython rows only." >&2
  fi
fi

now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.4f\n", v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# time_runs OUTFILE CMD...: runs CMD $runs times; stdout of the first run (minus the line naming
# the worker count) goes to OUTFILE; prints the median wall time.
time_runs() {
  local out="$1"; shift
  local times=() i t0 t1
  for ((i = 0; i < runs; i++)); do
    t0="$(now)"
    if ! "$@" > "$out.run" 2> "$out.err"; then
      echo "FAILED: $* (stderr follows)" >&2; tail -n 5 "$out.err" >&2; return 1
    fi
    t1="$(now)"
    [ "$i" -eq 0 ] && sed 's/workers: [0-9]*//' "$out.run" > "$out"
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
  done
  median "${times[@]}"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
echo "# $("$python" --version 2>&1) (GIL: $("$python" -c 'import sys
try:
    print(sys._is_gil_enabled())
except AttributeError:
    print(True)')); ftvm: $([ "${modes[0]}" = cpython ] && echo "not run" || echo "$jar"); $runs runs per point, median wall time, $(nproc) CPUs, load $(cut -d" " -f1 /proc/loadavg)"
printf '%-26s %-13s %8s %11s %13s %8s\n' workload mode workers "time [s]" "throughput/1w" output
for workload in pi_threads list_dict_threads; do
  size="$pi_iterations"; [ "$workload" = list_dict_threads ] && size="$items"
  for mode in "${modes[@]}"; do
    base=""; reference=""
    for w in $workers_list; do
      if [ "$mode" = cpython ]; then
        cmd=("$python" "$examples/$workload.py" "$size" "$w")
      else
        read -r -a jvm_opts <<< "${JAVA_OPTS:-}"
        cmd=("$java" ${jvm_opts[@]+"${jvm_opts[@]}"} -jar "$jar" "${mode#ftvm }" "$examples/$workload.py" "$size" "$w")
      fi
      out="$tmp/$workload.${mode// /_}.$w.out"
      if ! t="$(time_runs "$out" "${cmd[@]}")"; then
        status=1
        printf '%-26s %-13s %8s %11s %13s %8s\n' "$workload" "$mode" "$w" failed - -
        continue
      fi
      [ -n "$base" ] || base="$t"
      speedup="$(awk -v b="$base" -v t="$t" 'BEGIN { printf "%.2fx", b / t }')"
      if [ -z "$reference" ]; then reference="$out"; match="ref"
      elif cmp -s "$reference" "$out"; then match="same"
      else match="DIFFERS"; status=1
      fi
      printf '%-26s %-13s %8s %11s %13s %8s\n' "$workload $size" "$mode" "$w" "$t" "$speedup" "$match"
    done
  done
done
if [ "$missing_jar" -eq 1 ]; then exit 2; fi
exit "$status"
