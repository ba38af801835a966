#!/usr/bin/env bash
# ansible-test sanity and the unit tests on each ansible-core of
# bin/core-matrix.txt (or the ones named: matrix.sh 2.19 2.20), each in its
# cached .cache/core-X.Y venv; prints the time of every step and a summary.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
cores=("$@")
[ ${#cores[@]} -gt 0 ] || mapfile -t cores < <(grep -vE '^\s*(#|$)' bin/core-matrix.txt | awk '{print $1}')
summary=()
failed=0
for core in "${cores[@]}"; do
  start=$SECONDS
  venv=$(bin/core-venv.sh "$core") || { summary+=("$core: venv FAILED"); failed=1; continue; }
  built=$((SECONDS - start))
  start=$SECONDS
  sanity=passed
  ANSIBLE_CORE=$core bin/sanity.sh || { sanity=FAILED; failed=1; }
  sanity_s=$((SECONDS - start))
  start=$SECONDS
  echo "matrix: unit tests on ansible-core $core"
  # bin/pytest-run.sh runs the pytest first on PATH: this venv's.
  unit=passed
  PATH=$venv/bin:$PATH bin/pytest-run.sh -q tests/unit >"$venv/unit.log" 2>&1 || { unit=FAILED; failed=1; }
  tail -n 1 "$venv/unit.log"
  unit_s=$((SECONDS - start))
  summary+=("$core: venv ${built}s, sanity $sanity ${sanity_s}s, unit $unit ${unit_s}s ($(tail -n 1 "$venv/unit.log" | tr -d '='))")
done
echo "matrix summary:"
printf '  %s\n' "${summary[@]}"
exit "$failed"
