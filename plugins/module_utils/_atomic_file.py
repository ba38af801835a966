# Private to the hardened.docker collection: not a public API, may change without notice.
"""Writing a file atomically: a temporary file in the same directory, renamed over the target."""

from __future__ import annotations

import os
import tempfile


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: str, text: str) -> None:
    """Write UTF-8 text atomically: a reader (a report viewer, node_exporter) never sees half a file.

    The temporary name starts with a dot and has no suffix, so a textfile collector that reads
    only *.prom never picks it up.
    """
    directory = os.path.dirname(path) or "."
    handle, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
