#!/usr/bin/env bash
# List molecule scenarios in the order CI runs them: scenarios that boot a QEMU
# VM (molecule/<name>/molecule.yml says "driver: name: default") first, as they
# take longest, then smoke, then the container scenarios longest first, so that
# the two lanes of bin/molecule-run.sh finish close together. LAB_VM=0 leaves
# the VM scenarios out (they need about 15 minutes and a VM image build).
cd "$(dirname "$0")/.." || exit 1
shopt -s nullglob
order=(smoke tls rootless daemon daemon_fault default rollout auditd_container timer cis_audit compliance)
vm() { grep -A1 "^driver:" "molecule/$1/molecule.yml" | grep -q "name: default"; }
listed=()
for s in "${order[@]}"; do
  [ -f "molecule/$s/molecule.yml" ] && listed+=("$s")
done
for d in molecule/*/molecule.yml; do
  s=$(basename "$(dirname "$d")")
  [[ " ${order[*]} " == *" $s "* ]] || listed+=("$s")
done
vms=()
rest=()
for s in "${listed[@]}"; do
  if vm "$s"; then
    [ "${LAB_VM:-1}" = 1 ] && vms+=("$s")
  else
    rest+=("$s")
  fi
done
echo "${vms[*]} ${rest[*]}" | xargs
