#!/usr/bin/env bash
# Fail with one clear line when the controller's Python cannot build our venv.
# Usage: check-python.sh PYTHON X.Y   (X.Y: the version the dev venv runs on)
py=${1:-python3}
want=${2:-3.13}
command -v "$py" >/dev/null 2>&1 || { echo "setup: ERROR: $py not found; ansible-core 2.21 needs Python 3.12+ (apt-get install -y python$want python$want-venv on Debian 13, or pyenv install $want)"; exit 1; }
"$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' \
  || { echo "setup: ERROR: $py is $("$py" -V 2>&1); ansible-core 2.21 needs Python 3.12 or newer (PYTHON=python$want)"; exit 1; }
"$py" -c 'import venv, ensurepip' 2>/dev/null \
  || { echo "setup: ERROR: $py has no venv/ensurepip; run: apt-get install -y python$want-venv"; exit 1; }
