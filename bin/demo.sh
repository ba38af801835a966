#!/usr/bin/env bash
# make demo: start the local lab and run the main job against it.
set -euo pipefail
cd "$(dirname "$0")/.."
lab/lab.sh up
inventory=lab/inventory.ini
echo
echo "demo: smoke play against the lab ($inventory)"
ansible-playbook -i "$inventory" molecule/smoke/converge.yml
