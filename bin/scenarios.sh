#!/usr/bin/env bash
# List molecule scenarios in the order CI runs them (smoke first; fast to slow).
cd "$(dirname "$0")/.." || exit 1
shopt -s nullglob
order=(smoke cis_audit daemon daemon_fault compliance tls rootless default auditd)
for s in "${order[@]}"; do
  [ -f "molecule/$s/molecule.yml" ] && printf '%s ' "$s"
done
for d in molecule/*/molecule.yml; do
  s=$(basename "$(dirname "$d")")
  [[ " ${order[*]} " == *" $s "* ]] || printf '%s ' "$s"
done
echo
