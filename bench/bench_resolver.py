"""Resolver benchmark: a published passport as JSON-LD over HTTP, next to a static file.

    python bench/bench_resolver.py [--seconds 10] [--runs 3] [--connections 16] [--workers 2]

Sets up a SQLite database in a temporary folder (``filiera migrate``, ``filiera demo`` with a
small district: the demo brand's products get their passports), then serves it with the
production server: gunicorn with ``--workers`` sync workers, ``DEBUG`` off, on loopback. ``wrk``
(Debian package ``wrk``) drives it with ``--connections`` connections on two threads for
``--seconds`` seconds per run:

1. ``GET /01/{gtin}`` with ``Accept: application/ld+json``: the current passport of a product
   resolved through the GS1 Digital Link path, answered with its credential;
2. ``GET /static/bench/passport.json``: a static file of the same size served by the same
   server (WhiteNoise), as the reference.

Prints requests per second and the 99th-percentile latency of each (median of ``--runs``), and
their ratio. Targets: at least 1,000 requests/s and p99 under 50 ms for the passport. Exits 1
when a target is missed or a response is not the expected one.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from loopback import BIN, filiera, free_port, production_env, wait_for, wrk

ROOT = Path(__file__).resolve().parent.parent

TARGET_RPS = 1000.0
TARGET_P99_MS = 50.0
SETUP = """
from django.test import Client
from filiera.passports.models import Passport

passport = (
    Passport.objects.filter(
        granularity="model", superseded_by__isnull=True, credential__revoked_at__isnull=True
    )
    .exclude(product__gtin="")
    .select_related("product")
    .first()
)
gtin = passport.product.gtin
response = Client(HTTP_HOST="127.0.0.1").get(f"/01/{gtin}", HTTP_ACCEPT="application/ld+json")
assert response.status_code == 200, response.status_code
print(gtin)
print(response.content.decode())
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of one wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker (gthread: keep-alive)"
    )
    return parser.parse_args()


def run_wrk(url: str, args: argparse.Namespace, accept: str) -> tuple[float, float]:
    """(requests per second, p99 in ms) of one run."""
    rps, _p50, p99 = wrk(["-H", f"Accept: {accept}", url], args.connections, args.seconds)
    return rps, p99


def measure(url: str, args: argparse.Namespace, accept: str) -> tuple[float, float]:
    run_wrk(url, argparse.Namespace(**{**vars(args), "seconds": 2}), accept)  # warm-up
    runs = [run_wrk(url, args, accept) for _ in range(args.runs)]
    return statistics.median(r for r, _ in runs), statistics.median(p for _, p in runs)


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("This benchmark needs wrk (Debian: apt-get install wrk).")
    workdir = Path(tempfile.mkdtemp(prefix="filiera-bench-resolver-"))
    port = free_port()
    env = production_env(workdir, port)
    server = None
    try:
        filiera(env, "migrate", "-v", "0")
        filiera(env, "demo", "--companies", "40", f"--password={secrets.token_urlsafe(12)}")
        gtin, body = filiera(env, "shell", "--no-imports", "-c", SETUP).split("\n", 1)
        body = body.rstrip("\n")
        static = workdir / "static" / "bench"
        static.mkdir(parents=True, exist_ok=True)
        (static / "passport.json").write_text(body, encoding="utf-8")
        size = len(body.encode())
        server = subprocess.Popen(
            [
                *(str(BIN / "gunicorn"), "filiera.wsgi", "--workers", str(args.workers)),
                *("--worker-class", "gthread", "--threads", str(args.threads)),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "error"),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,  # gunicorn keeps no access log by default
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        passport = measure(f"{base}/01/{gtin}", args, "application/ld+json")
        reference = measure(f"{base}/static/bench/passport.json", args, "application/json")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"gunicorn {args.workers} workers, wrk 2 threads, {args.connections} connections, ", end=""
    )
    print(f"{args.runs} runs of {args.seconds} s (median); body {size:,} bytes")
    print(f"{'answer':<40} {'requests/s':>12} {'p99 ms':>8}")
    print(f"{'passport JSON-LD  /01/' + gtin:<40} {passport[0]:>12,.0f} {passport[1]:>8.1f}")
    print(f"{'static file of the same size':<40} {reference[0]:>12,.0f} {reference[1]:>8.1f}")
    print(f"passport / static: {passport[0] / reference[0]:.2f} of the requests per second")
    met = passport[0] >= TARGET_RPS and passport[1] < TARGET_P99_MS
    print(f"target ≥ {TARGET_RPS:,.0f} requests/s, p99 < {TARGET_P99_MS:.0f} ms: ", end="")
    print("met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
