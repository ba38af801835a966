# shellcheck shell=bash
# Shared helpers for the VM lab (lab/vm/*.sh): where images and running VMs live,
# the image's content hash, and the controller tools QEMU needs.

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Built images, one directory per recipe hash: vmlinuz, initrd.img, base.ext4, id_ed25519.
VM_CACHE=${LAB_VM_CACHE:-/var/cache/hardened-docker-lab/vm}
# Running VMs, one directory per name: overlay.qcow2, qemu.pid, serial.log, port.
# shellcheck disable=SC2034  # used by the scripts that source this file
VM_RUN=${LAB_VM_RUN:-/var/tmp/hardened-docker-lab/vm}

# The image is keyed on the recipe's content (script, package list, files baked
# in, and their names), so a changed recipe rebuilds and an unchanged one is reused.
vm_image_hash() {
  (
    cd "$VM_DIR" || exit 1
    # shellcheck disable=SC2046  # the file list is ours and has no spaces
    sha256sum build.sh packages.txt $(find rootfs -type f | LC_ALL=C sort)
  ) | sha256sum | cut -c1-12
}

vm_image_dir() {
  printf '%s/%s' "$VM_CACHE" "$(vm_image_hash)"
}

# Install Debian packages on the controller when a command is missing.
# Usage: ensure_cmds "cmd:package" ...
ensure_cmds() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || die "the VM lab needs ${missing[*]}; install them or run as root"
  info "installing ${missing[*]} from Debian's archive"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
       >/tmp/lab-vm-apt.log 2>&1; then
    die "apt-get could not install ${missing[*]}: $(tail -n 1 /tmp/lab-vm-apt.log) (full log /tmp/lab-vm-apt.log)"
  fi
}

# ssh into a running VM as root with the image's key. Usage: vm_ssh PORT KEY CMD...
vm_ssh() {
  local port=$1 key=$2
  shift 2
  ssh -i "$key" -p "$port" -l root \
    -o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=5 -o LogLevel=ERROR \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    127.0.0.1 "$@"
}

# True when the pid in FILE is a running QEMU.
vm_pid_alive() {
  local file=$1 pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file")
  [ -d "/proc/$pid" ] && grep -q qemu "/proc/$pid/comm" 2>/dev/null
}
