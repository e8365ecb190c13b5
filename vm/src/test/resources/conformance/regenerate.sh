#!/usr/bin/env bash
# Regenerates the expected outputs of the ftvm conformance corpus by running every program under
# CPython (python3; the committed files come from CPython 3.11.7).
#
# For each PROG.py in this folder, in threads/ and in ../examples (the expected outputs of
# vm/examples live in ../examples/, see README.md), with the arguments listed in PROG.args if that
# file exists (whitespace separated, one run), working directory = the program's folder:
#   PROG.out   stdout, byte for byte (always written, possibly empty)
#   PROG.err   the LAST non-empty line of stderr (written only when stderr is not empty,
#              e.g. "ZeroDivisionError: division by zero" for an uncaught error)
#   PROG.exit  the exit status (written only when it is not 0)
# Stale .err/.exit files are removed. errors-syntax/ is NOT run: its programs are front-end specs
# (.expect files written by hand).
#
# Usage:  ./regenerate.sh            rewrite the expected files in place
#         ./regenerate.sh --check    regenerate into a temporary folder and diff against the
#                                    committed files (exit 1 on any difference)
#         PYTHON=python3.11 ./regenerate.sh   choose the interpreter
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
examples_src="$(cd "$here/../../../../examples" && pwd)"     # vm/examples
examples_out="$(cd "$here/../examples" && pwd)"              # vm/src/test/resources/examples
python="${PYTHON:-python3}"
per_program_timeout="${TIMEOUT:-60}"
mode="${1:-write}"

# Deterministic, UTF-8 I/O regardless of the caller's locale; no .pyc files in the tree.
export PYTHONIOENCODING=utf-8 PYTHONUTF8=1 PYTHONDONTWRITEBYTECODE=1
unset PYTHONSTARTUP PYTHONPATH PYTHONWARNINGS || true

"$python" --version >&2

check_root=""
if [ "$mode" = "--check" ]; then
  check_root="$(mktemp -d)"
  trap 'rm -rf "$check_root"' EXIT
elif [ "$mode" != "write" ]; then
  echo "usage: $0 [--check]" >&2; exit 2
fi

status=0
# run_one SRC_DIR OUT_DIR NAME
run_one() {
  local src_dir="$1" out_dir="$2" name="$3"
  local target="$out_dir"
  if [ -n "$check_root" ]; then
    target="$check_root/${out_dir#/}"; mkdir -p "$target"
  fi
  local args=()
  if [ -f "$out_dir/$name.args" ]; then read -r -a args < "$out_dir/$name.args"; fi
  local err_tmp; err_tmp="$(mktemp)"
  local rc=0
  (cd "$src_dir" && timeout "$per_program_timeout" "$python" "$name.py" ${args[@]+"${args[@]}"}) \
      > "$target/$name.out" 2> "$err_tmp" < /dev/null || rc=$?
  rm -f "$target/$name.err" "$target/$name.exit"
  if [ -s "$err_tmp" ]; then
    grep -v '^[[:space:]]*$' "$err_tmp" | tail -n 1 > "$target/$name.err" || true
  fi
  if [ "$rc" -ne 0 ]; then echo "$rc" > "$target/$name.exit"; fi
  rm -f "$err_tmp"
  if [ "$rc" -eq 124 ]; then echo "TIMEOUT: $src_dir/$name.py" >&2; status=1; fi
  if [ -n "$check_root" ]; then
    local ext
    for ext in out err exit; do
      if [ -f "$target/$name.$ext" ] || [ -f "$out_dir/$name.$ext" ]; then
        if ! cmp -s "$target/$name.$ext" "$out_dir/$name.$ext"; then
          echo "DIFFERS: $out_dir/$name.$ext" >&2
          diff "$out_dir/$name.$ext" "$target/$name.$ext" >&2 || true
          status=1
        fi
      fi
    done
  fi
}

count=0
for dir in "$here" "$here/threads"; do
  for prog in "$dir"/*.py; do
    [ -e "$prog" ] || continue
    run_one "$dir" "$dir" "$(basename "$prog" .py)"; count=$((count + 1))
  done
done
# Examples: only those with an expected-output stem in ../examples (small default sizes).
for stem_file in "$examples_out"/*.out; do
  [ -e "$stem_file" ] || continue
  name="$(basename "$stem_file" .out)"
  if [ -f "$examples_src/$name.py" ]; then
    run_one "$examples_src" "$examples_out" "$name"; count=$((count + 1))
  fi
done

echo "$count programs run ($mode)" >&2
exit "$status"
