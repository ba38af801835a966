# Private to the hardened.docker collection: not a public API, may change without notice.
"""One self-contained HTML report (no external assets; works offline), from templates/report.html.j2.

Every host, control, evidence line, remediation and waiver is in the page.
What the page shows first is rendered here, escaped: the fleet overview, the
"Controls across hosts" view (per control, how many hosts fail, error, are
waived, pass...), gates, changes and waivers. Each host's rows are embedded once
as JSON (``page_data``, escaped for a script element) and built in the browser,
with textContent, only when the host is opened: a 500-host page stays small
and opens fast. The inline script (templates/report.js) also sorts the controls
view and filters by status; it reads the URL fragment, so
``report.html#status=fail`` opens with only failures shown (``#status=fail,error``
for several), ``#sort=fail`` sorts the controls by failing hosts,
``#control=2.2`` lists the hosts of control 2.2, and ``#host-3`` opens a host.
"""

from __future__ import annotations

import functools
import json
import os
from html import escape

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ansible_collections.hardened.docker.plugins.module_utils._results import STATUSES
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc, controls

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def _score(value: float | None) -> Markup:
    return Markup("&ndash;") if value is None else Markup(f"{value:.1f}")


def _delta(value: float | None) -> Markup:
    if value is None:
        return Markup("")
    css = "up" if value > 0 else "down" if value < 0 else ""
    return Markup(f'<span class="{css}">{value:+.1f}</span>')


def _changes(changes: list[Doc]) -> Markup:
    # A filter with html.escape, not a macro or Markup.format: either took seconds for a 500-host fleet.
    if not changes:
        return Markup("&ndash;")
    return Markup(
        "<br>".join(
            '<span title="{}"><code>{}</code> {} &rarr; {}</span>'.format(
                escape(c["title"]), escape(c["id"]), escape(c["before"] or "absent"), escape(c["after"] or "absent")
            )
            for c in changes
        )
    )


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(score=_score, delta=_delta, changes=_changes)
    return env


def _sections(fleet: Doc) -> list[str]:
    seen: list[str] = []
    for host in fleet["hosts"]:
        for section in host["sections"]:
            if section not in seen:
                seen.append(section)
    return sorted(seen, key=lambda s: (0, int(s)) if s.isdigit() else (1, 0))


def control_rows(fleet: Doc) -> list[Doc]:
    """The controls across hosts: per control (catalog order), how many audited hosts have each status."""
    rows = {c["id"]: {**c, "index": i, "counts": dict.fromkeys(STATUSES, 0)} for i, c in enumerate(controls(fleet))}
    for host in fleet["hosts"]:
        for result in host["results"]:
            rows[result["id"]]["counts"][result["status"]] += 1
    return list(rows.values())


def _script_safe(text: str) -> str:
    # In a script element only "</script" or "<!--" could end or change it; escaping every <, > and & rules both
    # out. (str.replace: str.translate took seconds on a 500-host page.)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(fleet: Doc) -> Markup:
    """Every host's rows as compact JSON for the page script: a result is [control, status, evidence, objects,
    waiver or 0, remediation when it differs from the control's]; text is escaped for the script element."""
    known = controls(fleet)
    index = {c["id"]: i for i, c in enumerate(known)}
    hosts = []
    for host in fleet["hosts"]:
        rows = []
        for result in host["results"]:
            control = known[index[result["id"]]]
            waiver = result.get("waiver")
            row: list = [
                index[result["id"]],
                STATUSES.index(result["status"]),
                result["evidence"],
                result["objects"],
                [waiver["reason"], waiver["expires"], waiver["expired"]] if waiver else 0,
            ]
            if result["remediation"] != control["remediation"]:
                row.append(result["remediation"])
            rows.append(row)
        hosts.append(rows)
    data = {
        "statuses": list(STATUSES),
        "controls": [[c["id"], c["title"], c["level"], c["remediation"]] for c in known],
        "hosts": [h["name"] for h in fleet["hosts"]],
        "results": hosts,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(_script_safe(text))


def render(fleet: Doc) -> str:
    """The whole page as one string."""
    template = _environment().get_template("report.html.j2")
    page = template.render(
        fleet=fleet,
        sections=_sections(fleet),
        statuses=STATUSES,
        control_rows=control_rows(fleet),
        data=page_data(fleet),
    )
    # Autoescaping spells quotes &#34; and &#39;; the reports have always had &quot; and &#x27; (html.escape).
    # Only escaping makes these entities: a literal "&#34;" in the data comes out as "&amp;#34;".
    return page.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
