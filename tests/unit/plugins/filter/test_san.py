from __future__ import annotations

import pytest

from ansible_collections.hardened.docker.plugins.filter.san import (
    FilterModule,
    ip_canonical,
    san_canonical,
    san_invalid,
)


@pytest.mark.parametrize(
    ("entry", "canonical"),
    [
        ("docker.example.test", "DNS:docker.example.test"),
        ("Docker.Example.TEST", "DNS:docker.example.test"),
        ("  dns:Host-1 ", "DNS:host-1"),
        ("DNS:*.example.test", "DNS:*.example.test"),
        ("under_score.example", "DNS:under_score.example"),
        ("192.0.2.10", "IP:192.0.2.10"),
        ("ip:192.0.2.10", "IP:192.0.2.10"),
        ("IP: 192.0.2.10", "IP:192.0.2.10"),
        ("::", "IP:::"),
        ("::1", "IP:::1"),
        # RFC 5952: leading zeros dropped, the longest run of zero groups as '::', lowercase.
        ("fd00:0::2", "IP:fd00::2"),
        ("FD00:0000:0000:0000:0000:0000:0000:0002", "IP:fd00::2"),
        ("2001:db8:0:0:1:0:0:1", "IP:2001:db8::1:0:0:1"),
        ("IP:2001:DB8::0:1", "IP:2001:db8::1"),
        ("1:0:0:0:0:0:0:8", "IP:1::8"),
        ("1:2:3:4:5:6:7:8", "IP:1:2:3:4:5:6:7:8"),
        (12, None),
    ],
)
def test_san_canonical(entry, canonical):
    assert san_canonical([entry]) == ([canonical] if canonical else [])
    assert san_invalid([entry]) == ([] if canonical else [entry])


@pytest.mark.parametrize(
    "entry",
    [
        "bad host!",
        "300.1.1.1",
        "1.2.3",
        "010.1.1.1",
        "IP:docker.example.test",
        "DNS:192.0.2.10",
        "fe80::1%eth0",
        "[::1]",
        "1:2:3:4:5:6:7:8:9",
        "-leading.example",
        "trailing-.example",
        "a" * 64 + ".example",
        ".".join(["a" * 63] * 4),
        "",
        "DNS:",
        "IP:",
        "dns:*",
    ],
)
def test_invalid_entries_are_dropped_and_listed(entry):
    assert san_canonical([entry]) == []
    assert san_invalid([entry]) == [entry]


def test_order_is_kept_and_invalid_entries_are_listed_as_given():
    entries = ["b.example", "bad host!", "IP:FD00::0:2", "a.example"]
    assert san_canonical(entries) == ["DNS:b.example", "IP:fd00::2", "DNS:a.example"]
    assert san_invalid(entries) == ["bad host!"]


def test_a_certificate_and_the_wanted_list_compare_equal():
    """What x509_certificate_info prints and what a user wrote end up identical."""
    printed = ["DNS:docker.example.test", "IP:fd00::2", "IP:192.0.2.10"]
    written = ["Docker.example.test", "fd00:0:0::2", "192.0.2.10"]
    assert sorted(san_canonical(printed)) == sorted(san_canonical(written))


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("0.0.0.0", "0.0.0.0"),
        (" 192.0.2.10 ", "192.0.2.10"),
        ("::", "::"),
        ("FD00:0::2", "fd00::2"),
        ("docker.example.test", ""),
        ("fe80::1%eth0", ""),
        ("", ""),
    ],
)
def test_ip_canonical(value, canonical):
    assert ip_canonical(value) == canonical


def test_filters_are_registered():
    assert set(FilterModule().filters()) == {"san_canonical", "san_invalid", "ip_canonical"}
