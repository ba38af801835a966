# Private to the hardened.docker collection: not a public API, may change without notice.
"""One self-contained HTML report (no external assets; works offline).

The page is rendered here, in full: every host, control, evidence line,
remediation and waiver is in the HTML, escaped. A little inline script adds the
status filter; it reads the URL fragment, so ``report.html#status=fail`` opens
with only failures shown (``#status=fail,error`` for several statuses).
"""

from __future__ import annotations

from html import escape

from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import STATUSES, Doc

_CSS = """
:root{--pass:#1a7f37;--fail:#c62828;--error:#d46b08;--manual:#1f5fa8;--waived:#7b3fa0;--na:#6b7280;--skipped:#9ca3af;
--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:0 1.5rem 3rem;color:#1f2328}
h1{font-size:1.5rem;margin:1.2rem 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
.meta{color:#57606a;margin:.2rem 0}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cell{text-align:center;white-space:nowrap}.cell small{display:block;color:#57606a}
.cell.good{background:#dafbe1}.cell.bad{background:#ffebe9}.cell.none{color:#8c959f}
.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;color:#fff;font-size:.8rem;white-space:nowrap}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.error{background:var(--error)}
.badge.manual{background:var(--manual)}.badge.waived{background:var(--waived)}.badge.not_applicable{background:var(--na)}
.badge.skipped{background:var(--skipped)}.badge.audited{background:var(--pass)}
.badge.unreachable,.badge.failed{background:var(--fail)}
.up{color:var(--pass);font-weight:600}.down{color:var(--fail);font-weight:600}
.gate{padding:.5rem .8rem;border-radius:.4rem;border:1px solid var(--line)}
.gate.tripped{background:#ffebe9;border-color:#ffc1ba}.gate.passed{background:#dafbe1;border-color:#aceebb}
nav.filter{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid var(--line);z-index:1}
nav.filter a{margin-right:.35rem;padding:.15rem .55rem;border:1px solid var(--line);border-radius:1rem;
text-decoration:none;color:inherit}
nav.filter a[aria-current=true]{background:#1f2328;color:#fff;border-color:#1f2328}
details.host{border:1px solid var(--line);border-radius:.4rem;margin:.6rem 0;padding:.2rem .7rem}
details.host>summary{cursor:pointer;font-weight:600;padding:.3rem 0}
details.host[data-status=unreachable]>summary,details.host[data-status=failed]>summary{color:var(--fail)}
ul.lines{margin:0;padding-left:1.1rem}ul.lines li{white-space:pre-wrap;word-break:break-word}
.label{color:#57606a;font-weight:600}.remediation,.waiver,.objects{margin-top:.3rem}
.waiver.expired{color:var(--fail)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
"""

_JS = """
(function () {
  var rows = document.querySelectorAll('tr.result');
  var hosts = document.querySelectorAll('details.host');
  var state = document.getElementById('filter-state');
  var links = document.querySelectorAll('nav.filter a');
  function wanted() {
    var match = /(?:^#|&)status=([a-z_,]+)/.exec(window.location.hash);
    return match ? match[1].split(',') : null;
  }
  function apply(want) {
    var all = want.indexOf('all') >= 0, shown = 0, i, j;
    for (i = 0; i < rows.length; i++) {
      var keep = all || want.indexOf(rows[i].getAttribute('data-status')) >= 0;
      rows[i].hidden = !keep;
      if (keep) { shown++; }
    }
    for (i = 0; i < hosts.length; i++) {
      var visible = hosts[i].querySelectorAll('tr.result:not([hidden])').length;
      hosts[i].setAttribute('data-visible', visible);
      if (hosts[i].getAttribute('data-status') === 'audited') {
        hosts[i].hidden = !all && visible === 0;
        if (!all) { hosts[i].open = visible > 0; }
      }
    }
    for (j = 0; j < links.length; j++) {
      var mine = links[j].getAttribute('data-status');
      links[j].setAttribute('aria-current', String(all ? mine === 'all' : want.indexOf(mine) >= 0));
    }
    state.textContent = 'Showing ' + shown + ' of ' + rows.length + ' controls' +
      (all ? '' : ' with status ' + want.join(', '));
  }
  function route() {
    var want = wanted();
    if (want) { apply(want); return; }
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === 'DETAILS') { target.hidden = false; target.open = true; }
    if (!window.location.hash) { apply(['all']); }
  }
  window.addEventListener('hashchange', route);
  apply(wanted() || ['all']);
  route();
})();
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _badge(status: str) -> str:
    return f'<span class="badge {_e(status)}">{_e(status.replace("_", " "))}</span>'


def _score(value: float | None) -> str:
    return "&ndash;" if value is None else f"{value:.1f}"


def _delta(value: float | None) -> str:
    if value is None:
        return ""
    css = "up" if value > 0 else "down" if value < 0 else ""
    return f'<span class="{css}">{value:+.1f}</span>'


def _lines(items: list[str]) -> str:
    return '<ul class="lines">' + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def _counts(summary: Doc) -> str:
    return (
        f"score {_score(summary['score'])} &middot; {summary['pass']} pass, {summary['fail']} fail, "
        f"{summary['manual']} manual, {summary['waived']} waived, {summary['error']} error"
    )


def _sections(fleet: Doc) -> list[str]:
    seen: list[str] = []
    for host in fleet["hosts"]:
        for section in host["sections"]:
            if section not in seen:
                seen.append(section)
    return sorted(seen, key=lambda s: (0, int(s)) if s.isdigit() else (1, 0))


def _section_cell(section: str, title: str, counts: Doc | None) -> str:
    if not counts:
        return '<td class="cell none">&ndash;</td>'
    css = "none" if counts["score"] is None else "bad" if counts["fail"] else "good"
    tip = _e(
        f"Section {section} {title}: {counts['pass']} pass, {counts['fail']} fail, "
        f"{counts['manual']} manual, {counts['waived']} waived"
    )
    value = "&ndash;" if counts["score"] is None else f"{counts['score']:.0f}%"
    small = f"<small>{counts['fail']} fail</small>" if counts["fail"] else ""
    return f'<td class="cell {css}" title="{tip}">{value}{small}</td>'


def _overview(fleet: Doc, out: list[str]) -> None:
    sections = _sections(fleet)
    comparison = fleet.get("comparison")
    titles = fleet["section_titles"]
    out.append('<section id="overview"><h2>Fleet overview</h2><table class="overview"><thead><tr>')
    out.append("<th>Host</th><th>Status</th><th class=num>Score</th>")
    if comparison:
        out.append("<th class=num>&Delta; score</th>")
    out.extend(f"<th class=num>{label}</th>" for label in ("Pass", "Fail", "Manual", "Waived", "N/A", "Error"))
    out.extend(f'<th class="cell" title="{_e(titles.get(s, ""))}">{_e(s)}</th>' for s in sections)
    out.append("</tr></thead><tbody>")
    for number, host in enumerate(fleet["hosts"]):
        summary = host["summary"]
        name = _e(host["name"])
        out.append(
            f'<tr data-host="{name}"><td><a href="#host-{number}">{name}</a></td><td>{_badge(host["status"])}</td>'
        )
        out.append(f'<td class="num score">{_score(summary["score"]) if summary else "&ndash;"}</td>')
        if comparison:
            entry = comparison["hosts"].get(host["name"]) or {}
            out.append(f'<td class="num">{_delta(entry.get("score_delta"))}</td>')
        for key in ("pass", "fail", "manual", "waived", "not_applicable", "error"):
            out.append(f'<td class="num {key}">{summary[key] if summary else "&ndash;"}</td>')
        out.extend(_section_cell(s, titles.get(s, ""), host["sections"].get(s)) for s in sections)
        out.append("</tr>")
    t = fleet["summary"]
    out.append("</tbody></table>")
    out.append(
        f'<p id="fleet-counts" class="meta">Fleet: {t["hosts"]} hosts ({t["audited"]} audited, '
        f"{t['unreachable']} unreachable, {t['failed']} failed) &middot; score {_score(t['score'])} &middot; "
        f"{t['pass']} pass, {t['fail']} fail, {t['manual']} manual, {t['waived']} waived, "
        f"{t['not_applicable']} not applicable, {t['skipped']} skipped, {t['error']} error</p>"
    )
    legend = " &middot; ".join(f"{_e(s)} {_e(titles.get(s, ''))}" for s in sections)
    out.append(f"<p class=meta>Sections: {legend}</p></section>")


def _gate(fleet: Doc, out: list[str]) -> None:
    gate = fleet.get("gate")
    if not gate or not gate["rules"]:
        return
    css, verdict = ("tripped", "TRIPPED") if gate["tripped"] else ("passed", "passed")
    rules = _e(", ".join(gate["rules"]))
    out.append(f'<section id="gate"><h2>Gate</h2><div class="gate {css}"><p><b>{verdict}</b> &middot; rules: ')
    out.append(f"<code>{rules}</code></p>")
    if gate["reasons"]:
        out.append("<ul>")
        out.extend(
            f"<li><code>{_e(r['gate'])}</code> &mdash; {_e(r['host'])}: {_e(r['detail'])}</li>" for r in gate["reasons"]
        )
        out.append("</ul>")
    out.append("</div></section>")


def _change_list(changes: list[Doc]) -> str:
    if not changes:
        return "&ndash;"
    return "<br>".join(
        f'<span title="{_e(c["title"])}"><code>{_e(c["id"])}</code> '
        f"{_e(c['before'] or 'absent')} &rarr; {_e(c['after'] or 'absent')}</span>"
        for c in changes
    )


def _score_or_status(entry: Doc, side: str) -> str:
    """The host's score in the baseline (side "before") or now ("after"), or its status when it has none."""
    if entry[f"score_{side}"] is None:
        return _e(entry[f"status_{side}"])
    return _score(entry[f"score_{side}"])


def _comparison(fleet: Doc, out: list[str]) -> None:
    comparison = fleet.get("comparison")
    if not comparison:
        return
    base = comparison["baseline"]
    s = comparison["summary"]
    out.append('<section id="changes"><h2>Changes since the baseline</h2>')
    out.append(
        f'<p class="meta">Baseline run {_e(base["run"])} ({_e(base["generated_at"])}) &middot; fleet score '
        f"{_score(s['score_before'])} &rarr; {_score(s['score_after'])} &middot; "
        f'<span class="up">{s["improved"]} improved</span>, <span class="down">{s["regressed"]} regressed</span>, '
        f"{s['changed']} other changes</p>"
    )
    out.append(
        "<table><thead><tr><th>Host</th><th class=num>Score before</th><th class=num>after</th>"
        "<th>Improved</th><th>Regressed</th><th>Other changes</th></tr></thead><tbody>"
    )
    for name, entry in comparison["hosts"].items():
        out.append(
            f"<tr><td>{_e(name)}</td><td class=num>{_score_or_status(entry, 'before')}</td>"
            f"<td class=num>{_score_or_status(entry, 'after')} {_delta(entry['score_delta'])}</td>"
            f"<td>{_change_list(entry['improved'])}</td><td>{_change_list(entry['regressed'])}</td>"
            f"<td>{_change_list(entry['changed'])}</td></tr>"
        )
    out.append("</tbody></table></section>")


def _waivers(fleet: Doc, out: list[str]) -> None:
    if not fleet["waivers"]:
        return
    out.append(
        '<section id="waivers"><h2>Waivers</h2><table><thead><tr><th>Control</th><th>Scope</th>'
        "<th>Reason</th><th>Expires</th></tr></thead><tbody>"
    )
    for waiver in fleet["waivers"]:
        scope = ", ".join(f"{k} {waiver[k]}" for k in ("container", "image") if waiver.get(k)) or "all"
        expires = (waiver["expires"] or "never") + (" (expired)" if waiver["expired"] else "")
        css = "waiver expired" if waiver["expired"] else "waiver"
        out.append(
            f'<tr class="{css}"><td><code>{_e(waiver["id"])}</code></td><td>{_e(scope)}</td>'
            f"<td>{_e(waiver['reason'])}</td><td>{_e(expires)}</td></tr>"
        )
    out.append("</tbody></table></section>")


def _filter(fleet: Doc, out: list[str]) -> None:
    totals = fleet["summary"]
    out.append(
        '<nav class="filter" aria-label="Filter by status"><span class="label">Show:</span> '
        f'<a href="#status=all" data-status="all">all ({totals["total"]})</a>'
    )
    for status in STATUSES:
        label = status.replace("_", " ")
        out.append(f'<a href="#status={status}" data-status="{status}">{label} ({totals[status]})</a>')
    out.append(
        f'<span id="filter-state" class="meta">Showing {totals["total"]} of {totals["total"]} controls</span></nav>'
    )


def _details(result: Doc) -> str:
    parts = []
    if result["evidence"]:
        parts.append(_lines(result["evidence"]))
    if result["objects"]:
        parts.append(f'<div class="objects"><span class="label">Objects:</span>{_lines(result["objects"])}</div>')
    waiver = result.get("waiver")
    if waiver:
        css, note = (" expired", " (expired)") if waiver["expired"] else ("", "")
        parts.append(
            f'<div class="waiver{css}"><span class="label">Waiver{note}:</span> {_e(waiver["reason"])} '
            f"(expires {_e(waiver['expires'] or 'never')})</div>"
        )
    if result["status"] != "pass" and result["remediation"]:
        parts.append(
            f'<div class="remediation"><span class="label">Remediation:</span> {_e(result["remediation"])}</div>'
        )
    return "".join(parts)


def _host(fleet: Doc, number: int, host: Doc, out: list[str]) -> None:
    name = _e(host["name"])
    line = _counts(host["summary"]) if host["summary"] else _e(host["status"])
    is_open = "" if host["status"] == "audited" else " open"  # a host that was not audited is never tucked away
    out.append(
        f'<details class="host" id="host-{number}" data-host="{name}" data-status="{_e(host["status"])}"{is_open}>'
        f"<summary>{name} &mdash; {line}</summary>"
    )
    if host["status"] != "audited":
        out.append(
            f'<p class="message">{_badge(host["status"])} <b>not audited</b>: {_e(host["message"])}</p></details>'
        )
        return
    info = host["host"]
    out.append(
        f'<p class="meta">hostname {_e(info["hostname"])} &middot; Docker {_e(info["docker_version"] or "unknown")} '
        f"&middot; {'rootless' if info['rootless'] else 'rootful'} &middot; socket <code>{_e(info['socket'])}</code> "
        f"&middot; benchmark {_e(host['benchmark_version'])}</p>"
    )
    comparison = fleet.get("comparison")
    entry = comparison["hosts"].get(host["name"]) if comparison else None
    if entry and (entry["improved"] or entry["regressed"]):
        out.append(
            f'<p class="changes"><span class="up">Improved:</span> {_change_list(entry["improved"])}<br>'
            f'<span class="down">Regressed:</span> {_change_list(entry["regressed"])}</p>'
        )
    out.append(
        '<table class="results"><thead><tr><th>Control</th><th>Title</th><th>Level</th><th>Status</th>'
        "<th>Evidence and remediation</th></tr></thead><tbody>"
    )
    for result in host["results"]:
        control_id = _e(result["id"])
        level = f"L{result['level']}" if result["level"] else ""
        out.append(
            f'<tr class="result" data-status="{result["status"]}" data-id="{control_id}"><td><code>{control_id}</code>'
            f"</td><td>{_e(result['title'])}</td><td>{level}</td><td>{_badge(result['status'])}</td>"
            f"<td>{_details(result)}</td></tr>"
        )
    out.append("</tbody></table></details>")


def render(fleet: Doc) -> str:
    """The whole page as one string."""
    total = fleet["summary"]
    title = _e(f"CIS Docker Benchmark {fleet['benchmark_version']} compliance report")
    out = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} &ndash; {_e(fleet['run'])}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{title}</h1>",
        f'<p class="meta" id="run-meta">Run {_e(fleet["run"])} &middot; generated {_e(fleet["generated_at"])} '
        f"&middot; {total['hosts']} hosts &middot; fleet score {_score(total['score'])}</p></header>",
    ]
    _overview(fleet, out)
    _gate(fleet, out)
    _comparison(fleet, out)
    _waivers(fleet, out)
    out.append('<section id="hosts"><h2>Hosts</h2>')
    _filter(fleet, out)
    for number, host in enumerate(fleet["hosts"]):
        _host(fleet, number, host, out)
    out.append(f"</section><script>{_JS}</script></body></html>\n")
    return "".join(out)
