#!/usr/bin/env bash
# Run molecule scenarios, MOLECULE_JOBS at a time (default 2), each one starting
# in whichever lane frees first. Test hosts are named after their scenario, so
# scenarios do not share anything, and most of a scenario's time is spent
# waiting on systemd and dockerd, not on the CPU.
# Each scenario logs to .cache/molecule/<scenario>.log; a failed one's log is
# printed. Usage: bin/molecule-run.sh SCENARIO...
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. lab/lib.sh
ensure_inotify_limits
jobs=${MOLECULE_JOBS:-2}
logs=.cache/molecule
mkdir -p "$logs"

run_one() {
  local s=$1 start rc
  start=$(date +%s)
  molecule test -s "$s" >"$logs/$s.log" 2>&1
  rc=$?
  if [ "$rc" = 0 ]; then
    echo "== scenario $s passed in $(($(date +%s) - start)) s"
  else
    echo "== scenario $s FAILED (exit $rc) after $(($(date +%s) - start)) s; its log ($logs/$s.log):"
    tail -n 300 "$logs/$s.log"
  fi
  return "$rc"
}

failed=()
declare -A running=() # pid -> scenario
wait_any() { # wait for whichever running scenario ends first (bash >= 5.1: wait -n -p)
  local pid
  wait -n -p pid "${!running[@]}"
  local rc=$?
  [ "$rc" = 0 ] || failed+=("${running[$pid]}")
  unset "running[$pid]"
}
for s in "$@"; do
  [ "${#running[@]}" -ge "$jobs" ] && wait_any
  echo "== molecule test -s $s"
  run_one "$s" &
  running[$!]=$s
done
while [ "${#running[@]}" -gt 0 ]; do wait_any; done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "molecule: FAILED scenarios: ${failed[*]}"
  exit 1
fi
echo "molecule: every scenario passed: $*"
