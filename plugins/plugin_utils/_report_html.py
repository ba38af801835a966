# Private to the hardened.docker collection: not a public API, may change without notice.
"""One self-contained HTML report (no external assets; works offline), from templates/report.html.j2.

Every host, control, evidence line, remediation and waiver is in the page,
escaped. A little inline script (templates/report.js) adds the status filter;
it reads the URL fragment, so ``report.html#status=fail`` opens with only
failures shown (``#status=fail,error`` for several statuses).
"""

from __future__ import annotations

import functools
import os

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ansible_collections.hardened.docker.plugins.module_utils._results import STATUSES
from ansible_collections.hardened.docker.plugins.plugin_utils._report_model import Doc

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def _score(value: float | None) -> Markup:
    return Markup("&ndash;") if value is None else Markup(f"{value:.1f}")


def _delta(value: float | None) -> Markup:
    if value is None:
        return Markup("")
    css = "up" if value > 0 else "down" if value < 0 else ""
    return Markup(f'<span class="{css}">{value:+.1f}</span>')


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(score=_score, delta=_delta)
    return env


def _sections(fleet: Doc) -> list[str]:
    seen: list[str] = []
    for host in fleet["hosts"]:
        for section in host["sections"]:
            if section not in seen:
                seen.append(section)
    return sorted(seen, key=lambda s: (0, int(s)) if s.isdigit() else (1, 0))


def render(fleet: Doc) -> str:
    """The whole page as one string."""
    template = _environment().get_template("report.html.j2")
    page = template.render(fleet=fleet, sections=_sections(fleet), statuses=STATUSES)
    # Autoescaping spells quotes &#34; and &#39;; the reports have always had &quot; and &#x27; (html.escape).
    # Only escaping makes these entities: a literal "&#34;" in the data comes out as "&amp;#34;".
    return page.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
