#!/usr/bin/env bash
# Build (or reuse) the VM lab's image: a bootable Debian 12 with a stock kernel,
# systemd, sshd, python3, auditd, docker.io and apparmor, from Debian's archive:
#   debootstrap -> chroot apt for the extras -> mkfs.ext4 -d.
# The image is cached under $VM_CACHE/<recipe hash>/ (vmlinuz, initrd.img, the
# pristine base.ext4, and the ssh key whose public half root accepts), so a
# second run does nothing. VMs boot a copy-on-write overlay of base.ext4.
# Prints the image directory on stdout (and nothing else). Usage: build.sh
set -euo pipefail
. "$(dirname "$0")/vm-lib.sh"

suite=${LAB_VM_SUITE:-bookworm}
dir=$(vm_image_dir)
if [ -f "$dir/.complete" ]; then
  info "VM image $dir cached"
  echo "$dir"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "building the VM image needs root (debootstrap, chroot); run as root"
ensure_cmds debootstrap:debootstrap mkfs.ext4:e2fsprogs ssh-keygen:openssh-client
mkdir -p "$VM_CACHE"
# One build at a time; a concurrent caller waits, then finds the image built.
exec 9>"$VM_CACHE/.build.lock"
flock 9
if [ -f "$dir/.complete" ]; then
  info "VM image $dir cached"
  echo "$dir"
  exit 0
fi

mirror=${LAB_MIRROR:-$(awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)}
mirror=${mirror:-http://deb.debian.org/debian}
base=$(awk '/^base:/ {sub(/^base: */, ""); gsub(/ +/, ","); print}' "$VM_DIR/packages.txt")
read -r -a extra <<<"$(awk '/^extra:/ {sub(/^extra: */, ""); print}' "$VM_DIR/packages.txt")"

start=$(date +%s)
work=$(mktemp -d "$VM_CACHE/.build.XXXXXX")
root=$work/rootfs
cleanup() {
  umount -l "$root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

info "VM image: debootstrap $suite with a kernel from $mirror (about 2 minutes)"
if ! debootstrap --variant=minbase --include="$base" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  cp "$work/debootstrap.log" /tmp/lab-vm-debootstrap.log
  die "debootstrap $suite failed: $(tail -n 1 /tmp/lab-vm-debootstrap.log) (full log /tmp/lab-vm-debootstrap.log); check that $mirror is reachable or set LAB_MIRROR"
fi

cat >"$root/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat >"$root/etc/apt/sources.list.d/debian-security.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
rm -f "$root/etc/apt/sources.list"
# Nothing may start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"

info "VM image: installing ${extra[*]}"
# The security suite may be unreachable where only the main archive is mirrored.
if ! chroot "$root" sh -c "apt-get update -qq || { rm /etc/apt/sources.list.d/debian-security.sources && apt-get update -qq; }" \
     >"$work/apt.log" 2>&1 \
   || ! DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends "${extra[@]}" \
     >>"$work/apt.log" 2>&1; then
  cp "$work/apt.log" /tmp/lab-vm-chroot-apt.log
  die "apt-get in the VM rootfs failed: $(tail -n 1 /tmp/lab-vm-chroot-apt.log) (full log /tmp/lab-vm-chroot-apt.log)"
fi

# Files baked in (network, sshd policy, fstab), laid out by target path.
cp -a "$VM_DIR/rootfs/." "$root/"
echo lab-vm >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 lab-vm\n' >"$root/etc/hosts"
# QEMU's user network answers DNS at 10.0.2.3.
printf 'nameserver 10.0.2.3\n' >"$root/etc/resolv.conf"
chroot "$root" systemctl enable systemd-networkd.service >/dev/null 2>&1
# Periodic jobs only cost CPU under TCG.
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true

# A key per build: root logs in with it only (no password; sshd refuses passwords).
ssh-keygen -q -t ed25519 -N "" -C "hardened-docker-lab-vm" -f "$work/id_ed25519"
install -d -m 0700 "$root/root/.ssh"
install -m 0600 "$work/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
chroot "$root" usermod -p '*' root

umount -l "$root/proc"
rm -f "$root/usr/sbin/policy-rc.d"
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
# Each boot of a fresh overlay is a first boot with its own machine id.
: >"$root/etc/machine-id"

kernel=$(find "$root/boot" -maxdepth 1 -name 'vmlinuz-*' | sort -V | tail -n 1)
initrd=$(find "$root/boot" -maxdepth 1 -name 'initrd.img-*' | sort -V | tail -n 1)
if [ -z "$kernel" ] || [ -z "$initrd" ]; then
  die "no kernel or initrd in the VM rootfs /boot (is linux-image-amd64 in $VM_DIR/packages.txt?)"
fi
cp "$kernel" "$work/vmlinuz"
cp "$initrd" "$work/initrd.img"

info "VM image: mkfs.ext4 -d (${LAB_VM_DISK_SIZE:-8G}, sparse)"
mkfs.ext4 -q -F -L lab-root -d "$root" "$work/base.ext4" "${LAB_VM_DISK_SIZE:-8G}" >&2 \
  || die "mkfs.ext4 -d failed for the VM rootfs"
rm -rf "$root"
# The pristine image is never written: VMs write to their own overlay.
chmod 0444 "$work/base.ext4"
chmod 0755 "$work"
touch "$work/.complete"
rm -rf "$dir"
mv -T "$work" "$dir"
trap - EXIT
info "VM image $dir built in $(( $(date +%s) - start )) s"

# Drop images of older recipes that no running VM uses; they are never used again.
for old in "$VM_CACHE"/*/; do
  old=${old%/}
  [ "$old" = "$dir" ] && continue
  if ! grep -qsxF "$old" "$VM_RUN"/*/image; then
    rm -rf "$old"
  fi
done
echo "$dir"
