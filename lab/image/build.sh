#!/usr/bin/env bash
# Build one systemd test-host image from Debian's archive (no registry needed):
#   debootstrap -> chroot apt for the extras -> docker import.
# Usage: build.sh SUITE TAG
set -euo pipefail
suite=$1 tag=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

mirror=${LAB_MIRROR:-$(awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)}
mirror=${mirror:-http://deb.debian.org/debian}
base=$(awk '/^base:/ {sub(/^base: */, ""); gsub(/ /, ","); print}' "$here/packages.txt")
read -r -a extra <<<"$(awk -v s="extra-$suite:" '$1 == "extra:" || $1 == s {sub(/^[^:]*: */, ""); printf "%s ", $0}' "$here/packages.txt")"

work=$(mktemp -d /var/tmp/lab-rootfs.XXXXXX)
root=$work/rootfs
cleanup() {
  umount -l "$root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

info "debootstrap $suite from $mirror (about a minute)"
if ! debootstrap --variant=minbase --include="$base" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  cp "$work/debootstrap.log" /tmp/lab-debootstrap.log
  die "debootstrap $suite failed: $(tail -n 1 /tmp/lab-debootstrap.log) (full log /tmp/lab-debootstrap.log); check that $mirror is reachable or set LAB_MIRROR"
fi

if [ "$suite" = sid ]; then
  # Debian sid (unstable) has no -updates or -security suite.
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  # The archive's Release file for sid is often past its Valid-Until date, and apt
  # then refuses the whole suite ("Release file ... is expired"). Accept it for sid
  # only, in the chroot's apt runs below and in apt inside the test hosts; the
  # stable suites keep apt's check. (debootstrap itself does not check Valid-Until.)
  cat >"$root/etc/apt/apt.conf.d/99lab-sid-valid-until" <<'APT'
// Lab image for Debian sid only (lab/image/build.sh): sid's Release file is often
// past its Valid-Until date, and apt would then refuse the suite.
Acquire::Check-Valid-Until "false";
APT
else
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
rm -f "$root/etc/apt/sources.list"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"

info "installing ${extra[*]} into the $suite rootfs"
# The security suite may be unreachable where only the main archive is mirrored;
# the base archive alone is enough for a test host.
if ! chroot "$root" sh -c "apt-get update -qq || sed -i '/debian-security/,+3d' /etc/apt/sources.list.d/debian.sources && apt-get update -qq" \
     >"$work/apt.log" 2>&1 \
   || ! DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends "${extra[@]}" \
     >>"$work/apt.log" 2>&1; then
  cp "$work/apt.log" /tmp/lab-chroot-apt.log
  die "apt-get in the $suite rootfs failed: $(tail -n 1 /tmp/lab-chroot-apt.log) (full log /tmp/lab-chroot-apt.log)"
fi

install -m 0755 "$here/rootfs/lab-unmask" "$root/usr/local/sbin/lab-unmask"
install -m 0755 "$here/rootfs/lab-image" "$root/usr/local/bin/lab-image"
install -m 0644 "$here/rootfs/lab-unmask.service" "$root/etc/systemd/system/lab-unmask.service"
chroot "$root" systemctl enable lab-unmask.service >/dev/null 2>&1
# auditd cannot load rules in a container (no audit netlink); keep it installed
# for the auditd role but not started at boot. Newer audit packages (sid) load the
# rules in a unit of their own, which would fail at every boot as well.
for unit in auditd.service audit-rules.service; do
  chroot "$root" systemctl disable "$unit" >/dev/null 2>&1 || true
done

# A tiny image for the inner dockerd: busybox alone.
img=$work/busybox
mkdir -p "$img/bin" "$img/etc" "$img/tmp" "$img/proc" "$img/sys" "$img/dev"
cp "$root/bin/busybox" "$img/bin/busybox"
chroot "$img" /bin/busybox --install -s /bin
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$img/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$img/etc/group"
mkdir -p "$root/opt/lab"
tar -C "$img" -cf "$root/opt/lab/busybox.tar" .

umount -l "$root/proc"
rm -f "$root/usr/sbin/policy-rc.d"
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
: >"$root/etc/machine-id"
echo "$suite" >"$root/etc/lab-suite"

info "importing $tag"
tar -C "$root" -c . | docker import \
  -c 'CMD ["/lib/systemd/systemd"]' -c 'ENV container=docker' \
  -c "LABEL org.hardened-docker.lab=image" - "$tag" >/dev/null
