#!/usr/bin/env bash
# Stop a VM lab machine: a clean poweroff over ssh, then kill its QEMU (by the pid
# it recorded) when it has not exited after LAB_VM_STOP_TIMEOUT s (default 30).
# Removes the VM's overlay, so its changes are gone. Stopping a VM that does not
# run is not an error. Usage: stop.sh NAME
set -euo pipefail
. "$(dirname "$0")/vm-lib.sh"

name=${1:-}
[[ $name =~ ^[A-Za-z0-9_.-]+$ ]] || die "usage: stop.sh NAME"
run=$VM_RUN/$name
timeout=${LAB_VM_STOP_TIMEOUT:-30}

if vm_pid_alive "$run/qemu.pid"; then
  pid=$(cat "$run/qemu.pid")
  port=$(cat "$run/port" 2>/dev/null || true)
  key=$(cat "$run/image" 2>/dev/null || true)/id_ed25519
  if [ -n "$port" ] && [ -f "$key" ]; then
    vm_ssh "$port" "$key" systemctl poweroff --no-block </dev/null >/dev/null 2>&1 || true
  fi
  start=$(date +%s)
  while vm_pid_alive "$run/qemu.pid" && (( $(date +%s) - start < timeout )); do
    sleep 1
  done
  if vm_pid_alive "$run/qemu.pid"; then
    info "VM $name did not power off within $timeout s; killing QEMU (pid $pid)"
    kill "$pid" 2>/dev/null || true
    sleep 2
    if vm_pid_alive "$run/qemu.pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  info "VM $name stopped after $(( $(date +%s) - start )) s"
fi
rm -rf "$run"
