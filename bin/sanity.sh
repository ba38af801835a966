#!/usr/bin/env bash
# ansible-test sanity, run locally (no ansible-test containers), from a copy of
# the tracked tree laid out as ansible_collections/hardened/docker.
# ANSIBLE_CORE=2.19 (or 2.19.14) picks a line of bin/core-matrix.txt; the
# default is the newest, the one requirements.txt pins.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$("$root/bin/core-venv.sh" "${ANSIBLE_CORE:-}")
core=$("$venv/bin/python" -c 'import ansible.release; print(ansible.release.__version__)')
# One work dir per checkout and ansible-core, so that they can run side by side.
work=${SANITY_DIR:-/tmp/hardened-docker-sanity-$(printf %s "$root" | sha256sum | cut -c1-12)}/$core
dest=$work/ansible_collections/hardened/docker
rm -rf "$dest"
mkdir -p "$dest"
cd "$root"
# Only files that exist (the work tree may hold deletions not yet committed), and
# not the development tooling galaxy.yml leaves out of the collection: ansible-test
# would read bin/ as Python scripts and molecule/ as plugin tests.
# shellcheck disable=SC2016
git ls-files -co --exclude-standard -z -- . ':!bin' ':!bench' ':!lab' ':!molecule' \
  | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ \
  | tar --null -T - -cf - | tar -C "$dest" -xf -
cd "$dest"
# ansible-test wants a git tree to list the collection's files.
git init -q && git add -A && git -c user.email=ci@localhost -c user.name=ci commit -qm sanity
pip_version=$(grep -oP "pip='\K[0-9.]+" "$venv"/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py)
mkdir -p ~/.ansible/test/cache
cp "$root/bin/get-pip-offline.py" ~/.ansible/test/cache/get_pip_"${pip_version//./_}".py
python_version=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
status=0
# ansible-test keeps its sanity venvs in ~/.ansible/test/venv, shared by every
# checkout: two runs at once delete each other's venvs.
exec 9>/tmp/hardened-docker-sanity.lock
flock 9
PATH=$venv/bin:$PATH "$venv/bin/ansible-test" sanity --requirements --python "$python_version" "$@" >"$work/sanity.log" 2>&1 || status=$?
grep -E '^(ERROR|WARNING|FATAL)|: (error|warning):' "$work/sanity.log" | grep -v "Location 'file:" || true
if [ "$status" != 0 ]; then
  echo "sanity: FAILED on ansible-core $core (full log: $work/sanity.log)"
  exit "$status"
fi
echo "sanity: passed on ansible-core $core (Python $python_version)"
