#!/usr/bin/env bash
# Run molecule scenarios, MOLECULE_JOBS at a time (default 2): test hosts are
# named after their scenario, so scenarios do not share anything, and most of
# a scenario's time is spent waiting on systemd and dockerd, not on the CPU.
# Each scenario logs to .cache/molecule/<scenario>.log; a failed one's log is
# printed. Usage: bin/molecule-run.sh SCENARIO...
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
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
pids=()
names=()
wait_one() { # wait for the oldest running scenario
  if ! wait "${pids[0]}"; then failed+=("${names[0]}"); fi
  pids=("${pids[@]:1}")
  names=("${names[@]:1}")
}
for s in "$@"; do
  [ "${#pids[@]}" -ge "$jobs" ] && wait_one
  echo "== molecule test -s $s"
  run_one "$s" &
  pids+=("$!")
  names+=("$s")
done
while [ "${#pids[@]}" -gt 0 ]; do wait_one; done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "molecule: FAILED scenarios: ${failed[*]}"
  exit 1
fi
echo "molecule: every scenario passed: $*"
