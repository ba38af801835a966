"""Stand-in for ansible-test's pip bootstrap script, which is downloaded from a
host our CI cannot reach: install pip with the standard library's ensurepip,
then install the packages ansible-test asked for from the package index."""

from __future__ import annotations

import subprocess
import sys

# get-pip.py options that pip itself does not know.
BOOTSTRAP_ONLY = {"--no-setuptools", "--no-wheel"}


def main() -> None:
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    args = [arg for arg in sys.argv[1:] if arg not in BOOTSTRAP_ONLY]
    subprocess.check_call([sys.executable, "-m", "pip", "install", *args])


if __name__ == "__main__":
    main()
