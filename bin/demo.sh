#!/usr/bin/env bash
# make demo: a fresh local lab of stock Docker hosts, then the main job against
# it (audit -> harden -> audit), then the before/after view.
set -euo pipefail
cd "$(dirname "$0")/.."
export ANSIBLE_NOCOLOR=${ANSIBLE_NOCOLOR:-true}
reports=reports/demo

# Start from stock hosts every time, so before/after means something on a re-run.
lab/lab.sh down
lab/lab.sh up
echo
echo "demo: ansible-playbook hardened.docker.harden -i lab/inventory.ini (audit -> harden -> audit)"
ansible-playbook hardened.docker.harden -i lab/inventory.ini \
  -e compliance_report_dir="$reports" -e compliance_fail_on=[]
after=$(readlink -f "$reports/latest")
python3 bin/demo_summary.py "$after/fleet.json"
echo
echo "demo: reports (JSON, JUnit, SARIF, HTML) in $after"
echo "demo: open $after/report.html in a browser; make demo-clean removes the lab"
