# Private to the hardened.docker collection: not a public API, may change without notice.
"""The fleet report as Prometheus metrics (compliance.prom), with the formatter the hosts' audit timer uses."""

from __future__ import annotations

import calendar
import datetime

from ansible_collections.hardened.docker.plugins.module_utils._prometheus import HostMetrics
from ansible_collections.hardened.docker.plugins.module_utils._prometheus import render as render_metrics
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc


def _unix_seconds(iso: str) -> int:
    moment = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return calendar.timegm(moment.utctimetuple())


def render(fleet: Doc) -> str:
    """Every host of the fleet; a host that was not audited (unreachable, failed) has audit_success 0."""
    # The hosts are audited in the run that generated the report; the report's time stands for all of them.
    moment = _unix_seconds(fleet["generated_at"])
    return render_metrics(
        HostMetrics(host["name"], moment, host if host["status"] == "audited" else None) for host in fleet["hosts"]
    )
