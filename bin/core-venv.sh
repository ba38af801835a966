#!/usr/bin/env bash
# Build (or reuse) the venv for one line of bin/core-matrix.txt and print its
# path: .cache/core-X.Y with that ansible-core and what the unit tests import,
# at the versions requirements.txt pins. ansible-test runs from here too: its
# --venv bootstraps pip from a host we cannot reach.
# Usage: core-venv.sh [X.Y | X.Y.Z]   (default: the newest line)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want=${1:-}
line=$(grep -vE '^\s*(#|$)' "$root/bin/core-matrix.txt" | awk -v w="$want" 'w == "" || $1 == w || index($1, w ".") == 1' | tail -n 1)
[ -n "$line" ] || { echo "core-venv: ERROR: ansible-core $want is not in bin/core-matrix.txt" >&2; exit 1; }
read -r core python <<<"$line"
venv=$root/.cache/core-${core%.*}
# What the unit tests import besides ansible-core: the lines requirements.txt
# marks `# unit-tests`, pinned as for the dev venv.
spec="ansible-core==$core $(sed -n 's/[[:space:]]*#[[:space:]]*unit-tests[[:space:]]*$//p' "$root/requirements.txt" | tr '\n' ' ')"
if [ "$(cat "$venv/.spec" 2>/dev/null)" != "$spec" ]; then
  py=$("$root/bin/find-python.sh" "$python")
  rm -rf "$venv"
  start=$SECONDS
  "$py" -m venv "$venv"
  # shellcheck disable=SC2086 # $spec is a list of requirements
  "$venv/bin/pip" install -q --disable-pip-version-check $spec >"$venv/pip.log" 2>&1 \
    || { echo "core-venv: ERROR: pip install into $venv failed (see $venv/pip.log)" >&2; exit 1; }
  printf '%s' "$spec" >"$venv/.spec"
  echo "core-venv: built $venv (ansible-core $core, Python $python) in $((SECONDS - start)) s" >&2
fi
echo "$venv"
