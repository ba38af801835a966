#!/usr/bin/env bash
# Ensure the lab images exist for every suite; build only what is missing.
# Prints "SUITE TAG" lines. Usage: images.sh [SUITE...]  (default: bookworm trixie sid)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$LAB_DIR/ensure-docker.sh"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie sid)
for suite in "${suites[@]}"; do
  tag=$(image_tag "$suite")
  if docker image inspect "$tag" >/dev/null 2>&1; then
    info "image $tag cached"
  else
    start=$(date +%s)
    "$LAB_DIR/image/build.sh" "$suite" "$tag"
    info "built $tag in $(( $(date +%s) - start )) s"
    # Drop images of older recipes for this suite; they are never used again.
    docker images --format '{{.Repository}}:{{.Tag}}' "$LAB_PREFIX" \
      | grep -E "^$LAB_PREFIX:$suite-" | grep -vx "$tag" | xargs -r docker rmi >/dev/null 2>&1 || true
  fi
  docker tag "$tag" "$LAB_PREFIX:$suite"
  echo "$suite $tag"
done
