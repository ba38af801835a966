#!/usr/bin/env bash
# List molecule scenarios in the order CI runs them (smoke first, then the
# longest, so that two lanes of bin/molecule-run.sh finish close together).
# Scenarios that boot a QEMU VM (molecule/<name>/molecule.yml says
# "driver: name: default") are listed only with LAB_VM=1: under TCG on two
# cores they take longer than CI's budget allows (see the README).
cd "$(dirname "$0")/.." || exit 1
shopt -s nullglob
order=(smoke tls rootless daemon daemon_fault default auditd_container cis_audit compliance)
vm() { grep -A1 "^driver:" "molecule/$1/molecule.yml" | grep -q "name: default"; }
listed=()
for s in "${order[@]}"; do
  [ -f "molecule/$s/molecule.yml" ] && listed+=("$s")
done
for d in molecule/*/molecule.yml; do
  s=$(basename "$(dirname "$d")")
  [[ " ${order[*]} " == *" $s "* ]] || listed+=("$s")
done
for s in "${listed[@]}"; do
  if vm "$s" && [ "${LAB_VM:-0}" != 1 ]; then continue; fi
  printf '%s ' "$s"
done
echo
