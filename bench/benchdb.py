"""A throwaway database for a benchmark: SQLite in a temporary folder by default, or a database
of its own on the PostgreSQL server DATABASE_URL names (created and dropped)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    workdir = tempfile.mkdtemp(prefix="filiera-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filiera.settings")
    os.environ["FILIERA_DATA_DIR"] = workdir  # SQLite file and media go here, not in var/
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.test.utils import setup_databases, setup_test_environment, teardown_databases

        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            database["TEST"]["NAME"] = str(Path(workdir) / "bench.sqlite3")
        else:
            database["TEST"]["NAME"] = f"bench_filiera_{os.getpid()}"
        setup_test_environment(debug=False)  # as in production: no query log
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            yield workdir
        finally:
            teardown_databases(old_config, verbosity=0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def database_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        return str(cursor.fetchone()[0])
