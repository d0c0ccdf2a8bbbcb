"""Helpers of the benchmarks that serve the platform with gunicorn on loopback and drive it
with wrk: a free port, the ``filiera`` command, waiting for the server, wrk's latencies."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def filiera(env: dict[str, str], *args: str) -> str:
    """Run ``filiera ARGS`` with ``env``; exit with its error output if it fails."""
    result = subprocess.run(
        [str(BIN / "filiera"), *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"filiera {' '.join(args[:2])} failed:\n{result.stderr}")
    return result.stdout


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"The server did not answer on {url}")


def milliseconds(value: str) -> float:
    """A wrk latency ("812.00us", "9.01ms", "1.20s") in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
