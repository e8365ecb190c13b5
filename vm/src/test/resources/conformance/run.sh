#!/usr/bin/env bash
# Reference runner for the conformance corpus: runs every program with a VM command and compares
# as README.md specifies (stdout byte for byte; exit status from .exit, else 0; last non-empty
# stderr line against .err when present). errors-syntax/*.py must fail before running: exit
# status 1, empty stdout, stderr containing "SyntaxError", "line N" from the .expect file and one
# of the "keyword:" alternatives (case-insensitive).
# The VM's JUnit suite is the real gate; this script is for quick manual runs and for checking
# the corpus itself (with --vm python3 everything except errors-syntax/ must pass).
#
# Usage: run.sh [--vm "COMMAND"] [--no-syntax] [--examples] [FILTER]
#   --vm CMD     default: "$JAVA_HOME/bin/java -jar <repo>/vm/target/ftvm.jar"
#   --no-syntax  skip errors-syntax/
#   --examples   also run vm/examples against ../examples/*.out
#   FILTER       only programs whose path contains FILTER
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
vm="${JAVA_HOME:+$JAVA_HOME/bin/}java -jar $repo/vm/target/ftvm.jar"
syntax=1; examples=0; filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --vm) vm="$2"; shift 2 ;;
    --no-syntax) syntax=0; shift ;;
    --examples) examples=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) filter="$1"; shift ;;
  esac
done
read -r -a vm_cmd <<< "$vm"
case "$vm" in *ftvm.jar*) [ -f "${vm_cmd[-1]}" ] || { echo "ftvm jar not found: ${vm_cmd[-1]} (build: mvn -o -B -pl vm -am package -DskipTests)" >&2; exit 2; } ;; esac
export PYTHONIOENCODING=utf-8 PYTHONUTF8=1 PYTHONDONTWRITEBYTECODE=1

pass=0; fail=0; failed=()
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
note_fail() { fail=$((fail + 1)); failed+=("$1: $2"); }

# run_golden SRC_DIR EXPECT_DIR NAME
run_golden() {
  local src="$1" exp="$2" name="$3" rc=0 args=() vmopts=()
  [ -f "$exp/$name.args" ] && read -r -a args < "$exp/$name.args"
  # ftvm options (--gil=, -W) for this program; not passed to other VMs (python3 has its GIL anyway)
  [ -f "$exp/$name.vmopts" ] && [ "${vm_cmd[0]}" != python3 ] && read -r -a vmopts < "$exp/$name.vmopts"
  (cd "$src" && timeout 120 "${vm_cmd[@]}" ${vmopts[@]+"${vmopts[@]}"} "$name.py" ${args[@]+"${args[@]}"}) \
      > "$tmp/out" 2> "$tmp/err" < /dev/null || rc=$?
  local want_rc=0; [ -f "$exp/$name.exit" ] && want_rc="$(cat "$exp/$name.exit")"
  if ! cmp -s "$tmp/out" "$exp/$name.out"; then note_fail "$src/$name.py" "stdout differs"; return; fi
  if [ "$rc" != "$want_rc" ]; then note_fail "$src/$name.py" "exit $rc, expected $want_rc"; return; fi
  if [ -f "$exp/$name.err" ]; then
    local last; last="$(grep -v '^[[:space:]]*$' "$tmp/err" | tail -n 1 || true)"
    if [ "$last" != "$(cat "$exp/$name.err")" ]; then
      note_fail "$src/$name.py" "last stderr line '$last', expected '$(cat "$exp/$name.err")'"; return
    fi
  fi
  pass=$((pass + 1))
}

# run_syntax NAME (in errors-syntax/)
run_syntax() {
  local dir="$here/errors-syntax" name="$1" rc=0
  (cd "$dir" && timeout 60 "${vm_cmd[@]}" "$name.py") > "$tmp/out" 2> "$tmp/err" < /dev/null || rc=$?
  local line keywords
  line="$(head -n 1 "$dir/$name.expect" | sed -n 's/.*line \([0-9]*\).*/\1/p')"
  keywords="$(sed -n 's/^keyword: //p' "$dir/$name.expect")"
  if [ "$rc" != 1 ]; then note_fail "$dir/$name.py" "exit $rc, expected 1 (a SyntaxError)"; return; fi
  if [ -s "$tmp/out" ]; then note_fail "$dir/$name.py" "printed to stdout: the program must not run"; return; fi
  if ! grep -q "SyntaxError" "$tmp/err"; then note_fail "$dir/$name.py" "no SyntaxError on stderr"; return; fi
  if ! grep -Eq "line:? *$line([^0-9]|$)" "$tmp/err"; then note_fail "$dir/$name.py" "stderr does not name line $line"; return; fi
  local ok=0 k
  IFS='|' read -r -a alts <<< "$keywords"
  for k in "${alts[@]}"; do grep -Fqi -- "$k" "$tmp/err" && ok=1; done
  if [ "$ok" -eq 0 ]; then note_fail "$dir/$name.py" "stderr does not mention '$keywords'"; return; fi
  if grep -Eq '^\s+at [a-z]+\.|Exception in thread "main"' "$tmp/err"; then note_fail "$dir/$name.py" "Java stack trace on stderr"; return; fi
  pass=$((pass + 1))
}

for dir in "$here" "$here/threads"; do
  for prog in "$dir"/*.py; do
    case "$prog" in *"$filter"*) run_golden "$dir" "$dir" "$(basename "$prog" .py)" ;; esac
  done
done
if [ "$syntax" -eq 1 ]; then
  for prog in "$here"/errors-syntax/*.py; do
    case "$prog" in *"$filter"*) run_syntax "$(basename "$prog" .py)" ;; esac
  done
fi
if [ "$examples" -eq 1 ]; then
  for out in "$here"/../examples/*.out; do
    name="$(basename "$out" .out)"
    case "$name" in *"$filter"*) run_golden "$repo/vm/examples" "$(cd "$here/../examples" && pwd)" "$name" ;; esac
  done
fi
for f in ${failed[@]+"${failed[@]}"}; do echo "FAIL $f"; done
echo "conformance: $pass passed, $fail failed (vm: $vm)"
[ "$fail" -eq 0 ]
