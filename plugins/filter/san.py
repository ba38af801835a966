# Copyright (c) hardened.docker contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Subject alternative names of the tls role's certificates, in one canonical form.

Addresses are parsed with Python's ipaddress, so that an IPv6 address compares equal to the form a certificate
prints (RFC 5952: fd00:0::2 is fd00::2) and the certificate is not re-issued on every run.
"""

from __future__ import annotations

import ipaddress
import re

# Labels of letters, digits, '-' and '_', at most 253 characters in all, an optional leading '*.' wildcard, and
# not only digits and dots (so that 300.1.1.1 is not taken for a name).
_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"
_DNS_NAME = re.compile(rf"(?=.{{1,253}}$)(?![0-9.]+$)(\*\.)?{_LABEL}(\.{_LABEL})*")


def ip_canonical(value: object) -> str:
    """The address as certificates print it, or '' when value is not an IP address (zones are not addresses)."""
    text = str(value).strip()
    if "%" in text:
        return ""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def _canonical(entry: object) -> str | None:
    text = str(entry).strip()
    kind, sep, rest = text.partition(":")
    kind = kind.lower()
    if sep and kind in ("dns", "ip"):
        text = rest.strip()
    else:
        kind = "ip" if ip_canonical(text) else "dns"
    if kind == "ip":
        address = ip_canonical(text)
        return f"IP:{address}" if address else None
    name = text.lower()
    return f"DNS:{name}" if _DNS_NAME.fullmatch(name) else None


def san_canonical(entries: list) -> list[str]:
    """The valid entries as DNS:<name> or IP:<address>, in their order; invalid ones are dropped."""
    return [san for san in map(_canonical, entries) if san is not None]


def san_invalid(entries: list) -> list:
    """The entries that are neither a DNS name nor an IP address, as given."""
    return [entry for entry in entries if _canonical(entry) is None]


class FilterModule:
    def filters(self) -> dict:
        return {"san_canonical": san_canonical, "san_invalid": san_invalid, "ip_canonical": ip_canonical}
