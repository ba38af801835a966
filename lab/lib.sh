# shellcheck shell=bash
# Shared helpers for the lab scripts: clear one-line failures, docker on the controller.

LAB_PREFIX=${LAB_PREFIX:-hardened-docker-lab}
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
  printf 'lab: ERROR: %s\n' "$*" >&2
  exit 1
}

info() {
  printf 'lab: %s\n' "$*" >&2
}

# The image tag is keyed on the recipe's content, so a changed recipe rebuilds
# and an unchanged one is reused.
image_tag() {
  local suite=$1 sum
  sum=$(cat "$LAB_DIR/image/build.sh" "$LAB_DIR/image/packages.txt" "$LAB_DIR"/image/rootfs/* 2>/dev/null \
        | sha256sum | cut -c1-12)
  printf '%s:%s-%s' "$LAB_PREFIX" "$suite" "$sum"
}

# Every systemd test host (lab host or molecule host) holds inotify instances
# of root's: systemd, journald, dbus, logind, dockerd and containerd each take
# some, and all containers share root's per-user limit with the controller. At
# the kernel's default of 128 instances, about 20 hosts are enough for the next
# host's systemd to exit with status 255 while it boots, with nothing in
# `docker logs`. Raise the limits up front, or stop with the limit's name.
INOTIFY_LIMITS=(fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=524288)

inotify_in_use() {
  find /proc/[0-9]*/fd -lname 'anon_inode:inotify' 2>/dev/null | wc -l
}

ensure_inotify_limits() {
  local limit key want have
  for limit in "${INOTIFY_LIMITS[@]}"; do
    key=${limit%=*} want=${limit#*=}
    have=$(sysctl -n "$key") || die "cannot read the kernel setting $key (sysctl -n $key)"
    [ "$have" -ge "$want" ] && continue
    if sysctl -qw "$key=$want" >/dev/null 2>&1; then
      info "raised $key from $have to $want: systemd test hosts share root's inotify limits"
    else
      die "$key is $have, too low for systemd test hosts (about 20 use up 128 instances, $(inotify_in_use) in use now); as root: sysctl -w $key=$want"
    fi
  done
}
