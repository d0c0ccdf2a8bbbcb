"""Showcase search benchmark: the public firm directory with its filters, over HTTP.

    python bench/bench_showcase_search.py [--companies 1800] [--seconds 10] [--runs 3]
        [--connections 16] [--workers 2] [--threads 4]

Sets up a SQLite database in a temporary folder (``filiera migrate``, ``filiera demo`` with
``--companies`` firms, then the demo showcase with every qualified firm listed: about 1,000
entries from 1,800 firms), collects the static files, and serves it with the production server:
gunicorn with ``--workers`` workers, ``DEBUG`` off, on loopback. ``wrk`` (Debian package
``wrk``) drives it with ``--connections`` connections on two threads for ``--seconds`` seconds
per run; a Lua script rotates through a mix of searches: words (``q``), processes, products,
certifications, municipalities, later pages, and both languages.

Prints the requests per second and the median and 99th-percentile latency (median of
``--runs``), and, measured in the process through Django's test client, the server time of the
same searches when nothing is cached yet (the first visitor after a change to the directory)
and their database queries. Target: at least 300 requests/s. Exits 1 when it is missed or a
response is not 200.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from loopback import BIN, filiera, free_port, production_env, wait_for, wrk

ROOT = Path(__file__).resolve().parent.parent

TARGET_RPS = 300.0
SEARCHES = [
    "",
    "?q=maglia",
    "?q=maglificio",
    "?q=ricamo",
    "?q=confezioni+carpi",
    "?process=MU.KNIT_TO_SHAPE",
    "?process=MU.SEWING",
    "?process=MU.CUTTING&page=2",
    "?process=MU.EMBROIDERY",
    "?certification=oeko_tex_100",
    "?certification=grs&process=MU.KNIT_TO_SHAPE",
    "?certification=iso_14001",
    "?product=cashmere",
    "?municipality=036005",
    "?page=2",
    "?page=5",
    "?q=tintoria&page=1",
    "?q=knitwear",
]
SETUP = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.cache import cache
import statistics, time, json
from filiera.district import demo_showcase
from filiera.district.models import ShowcaseEntry
from filiera.registry.models import District

demo_showcase.LISTED_SHARE = 1.0
district = District.objects.get(slug="carpi")
demo_showcase.load(district, 1)
entries = ShowcaseEntry.objects.filter(district=district).count()
client = Client(HTTP_HOST="127.0.0.1")
paths = json.loads(PATHS)
cold, queries = [], []
for path in paths:
    times = []
    for _ in range(5):
        cache.clear()
        client.get(path)  # warm the code path, then time it without the cache
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
        assert not response.cookies, path
    cold.append(statistics.median(times) * 1000)
    queries.append(len(captured.captured_queries))
print(json.dumps({"entries": entries, "cold_ms": cold, "queries": queries}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=1800, help="firms of the demo")
    parser.add_argument("--seconds", type=int, default=10, help="length of one wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
    return parser.parse_args()


def lua_script(paths: list[str], folder: Path, *, fresh: bool = False) -> Path:
    """A wrk script that sends the searches in turn, each thread from its own offset. With
    ``fresh`` every request is a search never made before (a ``&n=`` tag the page ignores is
    not enough: a new ``page`` number is), so the page cache never answers."""
    quoted = ",\n  ".join(f'"{p}"' for p in paths)
    script = folder / ("fresh.lua" if fresh else "searches.lua")
    tail = (
        '  local sep = string.find(paths[n], "?", 1, true) and "&" or "?"\n'
        "  serial = serial + 1\n"
        '  return wrk.format("GET", paths[n] .. sep .. "page=" .. (serial * 2 + id))\n'
        if fresh
        else '  return wrk.format("GET", paths[n])\n'
    )
    script.write_text(
        f"local paths = {{\n  {quoted}\n}}\n"
        "local n = 0\nlocal serial = 0\nlocal threads = 0\nid = 0\n"
        "setup = function(thread) thread:set('id', threads); threads = threads + 1 end\n"
        "init = function(args) n = math.random(#paths) end\n"
        "request = function()\n"
        "  n = n % #paths + 1\n" + tail + "end\n",
        encoding="utf-8",
    )
    return script


def run_wrk(base: str, script: Path, args: argparse.Namespace) -> tuple[float, float, float]:
    """(requests per second, p50 ms, p99 ms) of one run of the searches in ``script``."""
    return wrk(["-s", str(script), base], args.connections, args.seconds)


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("This benchmark needs wrk (Debian: apt-get install wrk).")
    workdir = Path(tempfile.mkdtemp(prefix="filiera-bench-showcase-"))
    port = free_port()
    env = production_env(workdir, port)
    paths = [f"{lang}/showcase/carpi/firms/{query}" for lang in ("", "/en") for query in SEARCHES]
    server = None
    try:
        filiera(env, "migrate", "-v", "0")
        filiera(env, "collectstatic", "--noinput", "-v", "0")  # hashed names, as in production
        filiera(
            env, "demo", "--companies", str(args.companies), f"--password={secrets.token_hex(8)}"
        )
        setup = SETUP.replace("json.loads(PATHS)", repr(paths))
        figures = json.loads(filiera(env, "shell", "--no-imports", "-c", setup).strip())
        script = lua_script(paths, workdir)
        fresh_script = lua_script([p for p in paths if "page=" not in p], workdir, fresh=True)
        server = subprocess.Popen(
            [
                *(str(BIN / "gunicorn"), "filiera.wsgi", "--workers", str(args.workers)),
                *("--worker-class", "gthread", "--threads", str(args.threads)),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "error"),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        run_wrk(base, script, argparse.Namespace(**{**vars(args), "seconds": 2}))  # warm-up
        runs = [run_wrk(base, script, args) for _ in range(args.runs)]
        fresh = [run_wrk(base, fresh_script, args) for _ in range(args.runs)]
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    rps = statistics.median(r for r, _, _ in runs)
    p50 = statistics.median(p for _, p, _ in runs)
    p99 = statistics.median(p for _, _, p in runs)
    print(f"directory of {figures['entries']:,} listed firms ({args.companies:,} in the district)")
    print(f"gunicorn {args.workers} workers x {args.threads} threads, wrk 2 threads, ", end="")
    print(f"{args.connections} connections, {args.runs} runs of {args.seconds} s (median)")
    print(f"{len(paths)} searches in turn (both languages): ", end="")
    print(f"{rps:,.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(
        "every request a search never made before (no page from the cache): "
        f"{statistics.median(r for r, _, _ in fresh):,.0f} requests/s, "
        f"p50 {statistics.median(p for _, p, _ in fresh):.1f} ms, "
        f"p99 {statistics.median(p for _, _, p in fresh):.1f} ms"
    )
    cold = figures["cold_ms"]
    print(
        f"uncached (first visitor after a change), in process: median {statistics.median(cold):.1f}"
        f" ms, slowest {max(cold):.1f} ms; queries {min(figures['queries'])} to "
        f"{max(figures['queries'])} per page"
    )
    met = rps >= TARGET_RPS
    print(f"target ≥ {TARGET_RPS:,.0f} requests/s: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
