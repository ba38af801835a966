#!/usr/bin/env bash
# Print the path of a CPython X.Y interpreter (with venv and ensurepip), or fail
# with one line saying how to get one. Looks on PATH first (Debian's
# python3.X, an active pyenv), then in pyenv's versions even when they are not
# active (the shims only run the versions pyenv has selected).
set -euo pipefail
want=${1:?usage: find-python.sh X.Y}
works() { "$1" -c "import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != tuple(map(int, '$want'.split('.'))))" 2>/dev/null; }
candidates=()
command -v "python$want" >/dev/null 2>&1 && candidates+=("$(command -v "python$want")")
# Newest patch release first.
while read -r dir; do
  [ -x "$dir/bin/python$want" ] && candidates+=("$dir/bin/python$want")
done < <(printf '%s\n' "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".* | sort -rV)
for py in "${candidates[@]}"; do
  if works "$py"; then
    echo "$py"
    exit 0
  fi
done
echo "find-python: ERROR: no Python $want with venv found (apt-get install -y python$want python$want-venv, or pyenv install $want)" >&2
exit 1
