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
