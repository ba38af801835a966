#!/usr/bin/env bash
# Make sure the controller has docker.io and debootstrap, and a running dockerd.
# CI starts on a bare machine, so this installs and starts what is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "the lab needs root (apt-get, debootstrap, dockerd); run as root"

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  info "installing ${missing[*]} from Debian's archive"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >/tmp/lab-apt.log 2>&1; then
    die "apt-get could not install ${missing[*]} (see /tmp/lab-apt.log); check that Debian's archive is reachable"
  fi
fi

if ! docker info >/dev/null 2>&1; then
  info "starting dockerd (log: /var/log/lab-dockerd.log)"
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl start docker || true
  else
    # setsid: dockerd must outlive the job that started it, or the scenarios of
    # every other job lose their test hosts when this one ends.
    setsid nohup dockerd </dev/null >/var/log/lab-dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 \
    || die "dockerd did not start within 60 s; last lines of /var/log/lab-dockerd.log: $(tail -n 3 /var/log/lab-dockerd.log 2>/dev/null | tr '\n' ' ')"
fi
