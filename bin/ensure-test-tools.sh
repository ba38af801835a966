#!/usr/bin/env bash
# Debian packages the tests need on the controller (CI starts bare):
# ansible-test sanity needs shellcheck; the HTML report test needs chromium.
set -euo pipefail
need=()
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "setup: ERROR: ${need[*]} missing; run as root or: sudo apt-get install -y ${need[*]}"; exit 1; }
echo "setup: installing ${need[*]} from Debian's archive"
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >/tmp/test-tools-apt.log 2>&1 \
  || { echo "setup: ERROR: apt-get could not install ${need[*]} (see /tmp/test-tools-apt.log); check that Debian's archive is reachable"; exit 1; }
