"""Helpers of the benchmarks that serve the platform with gunicorn on loopback and drive it
with wrk: a free port, the production-like environment, the ``filiera`` command, waiting for
the server, one wrk run and its figures."""

from __future__ import annotations

import os
import re
import secrets
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


def production_env(workdir: Path, port: int) -> dict[str, str]:
    """The environment of a production-like server on loopback: ``DEBUG`` off, a fresh secret,
    SQLite in ``workdir`` (unless ``DATABASE_URL`` is set by the caller afterwards)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "filiera.settings",
        "FILIERA_DATA_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "ERROR",
    }


def wrk(target: list[str], connections: int, seconds: int) -> tuple[float, float, float]:
    """One wrk run (2 threads) on ``target`` (its options and URL): requests per second, p50 and
    p99 in ms; exits if any response was not 2xx or a socket failed."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *target]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        sys.exit(f"wrk saw errors:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)  # type: ignore[union-attr]
    return rps, milliseconds(p50), milliseconds(p99)
