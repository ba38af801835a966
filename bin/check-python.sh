#!/usr/bin/env bash
# Fail with one clear line when the controller's Python cannot build our venv.
py=${1:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "setup: ERROR: $py not found; install python3 (apt-get install -y python3 python3-venv)"; exit 1; }
"$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "setup: ERROR: $py is $("$py" -V 2>&1); ansible-core 2.19 needs Python 3.11 or newer"; exit 1; }
"$py" -c 'import venv, ensurepip' 2>/dev/null \
  || { echo "setup: ERROR: $py has no venv/ensurepip; run: apt-get install -y python3-venv"; exit 1; }
