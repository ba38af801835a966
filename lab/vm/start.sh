#!/usr/bin/env bash
# Boot a VM lab machine with QEMU (TCG) from the cached image, building the image
# first when it is missing. Each start boots a fresh copy-on-write overlay of the
# pristine image, so every run begins from the same state; ssh is forwarded from
# 127.0.0.1:PORT to the VM's port 22. Waits until root can log in with the image's
# key, then prints one JSON line: name, address, port, user, identity_file.
# Usage: start.sh NAME PORT
# Environment: LAB_VM_BOOT_TIMEOUT (s, default 600), LAB_VM_CPUS (2), LAB_VM_MEMORY (MiB, 2048).
set -euo pipefail
. "$(dirname "$0")/vm-lib.sh"

name=${1:-}
port=${2:-}
[[ $name =~ ^[A-Za-z0-9_.-]+$ ]] || die "usage: start.sh NAME PORT (NAME: letters, digits, '.', '_' or '-')"
if ! [[ $port =~ ^[0-9]+$ ]] || (( port < 1024 || port > 65535 )); then
  die "usage: start.sh NAME PORT (PORT: a free TCP port from 1024 to 65535, got '$port')"
fi
timeout=${LAB_VM_BOOT_TIMEOUT:-600}
run=$VM_RUN/$name

ensure_cmds qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils ssh:openssh-client
image=$("$VM_DIR/build.sh")
key=$image/id_ed25519

connection() {
  printf '{"name": "%s", "address": "127.0.0.1", "port": %s, "user": "root", "identity_file": "%s"}\n' \
    "$name" "$port" "$key"
}

if vm_pid_alive "$run/qemu.pid"; then
  running_port=$(cat "$run/port" 2>/dev/null || true)
  [ "$running_port" = "$port" ] \
    || die "VM $name already runs with ssh on port $running_port; stop it first (lab/vm/stop.sh $name)"
  [ "$(cat "$run/image" 2>/dev/null)" = "$image" ] \
    || die "VM $name runs an older image; stop it first (lab/vm/stop.sh $name)"
  if vm_ssh "$port" "$key" true </dev/null; then
    info "VM $name already running (ssh 127.0.0.1:$port)"
    connection
    exit 0
  fi
fi
# Whatever is left of an earlier run (a dead QEMU, an old overlay) goes.
"$VM_DIR/stop.sh" "$name" 2>/dev/null || true

if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
  die "TCP port $port is already in use on this machine; pass another PORT"
fi

mkdir -p "$run"
echo "$image" >"$run/image"
echo "$port" >"$run/port"
qemu-img create -q -f qcow2 -b "$image/base.ext4" -F raw "$run/overlay.qcow2" \
  || die "qemu-img could not create the overlay $run/overlay.qcow2"

info "booting VM $name (QEMU TCG; ssh on 127.0.0.1:$port; serial log $run/serial.log)"
start=$(date +%s)
if ! qemu-system-x86_64 -name "$name" \
      -accel tcg,thread=multi -cpu max -smp "${LAB_VM_CPUS:-2}" -m "${LAB_VM_MEMORY:-2048}" \
      -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
      -append "root=/dev/vda rw console=ttyS0 audit=1 audit_backlog_limit=8192" \
      -drive "file=$run/overlay.qcow2,format=qcow2,if=virtio,cache=unsafe" \
      -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0 \
      -device virtio-rng-pci \
      -display none -serial "file:$run/serial.log" \
      -daemonize -pidfile "$run/qemu.pid" 2>"$run/qemu.err"; then
  die "QEMU did not start VM $name: $(tail -n 1 "$run/qemu.err")"
fi

fail() {
  local tail
  tail=$(tail -n 15 "$run/serial.log" 2>/dev/null | tr -d '\r' | sed 's/^/  serial| /')
  # Never leave a QEMU burning CPU behind a failed start.
  if vm_pid_alive "$run/qemu.pid"; then
    kill "$(cat "$run/qemu.pid")" 2>/dev/null || true
  fi
  cp "$run/serial.log" "/tmp/lab-vm-$name-serial.log" 2>/dev/null || true
  printf '%s\n' "$tail" >&2
  die "$1 (full serial log /tmp/lab-vm-$name-serial.log)"
}

until vm_ssh "$port" "$key" true </dev/null 2>/dev/null; do
  vm_pid_alive "$run/qemu.pid" || fail "VM $name stopped while booting"
  (( $(date +%s) - start < timeout )) || fail "VM $name did not answer ssh on 127.0.0.1:$port within $timeout s"
  sleep 2
done
info "VM $name up in $(( $(date +%s) - start )) s"
connection
