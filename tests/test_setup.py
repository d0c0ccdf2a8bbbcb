"""Set-up checks: health endpoint, production settings, the ``filiera`` console command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def test_healthz_answers_json_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"


def test_healthz_needs_no_login_and_is_not_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get(
        "Cache-Control", ""
    )


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with ``env`` (and no inherited secrets)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="filiera.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = _settings_in_subprocess(DEBUG="0", ALLOWED_HOSTS="filiera.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_off_with_a_short_secret_key_refuses_to_start():
    result = _settings_in_subprocess(DEBUG="0", SECRET_KEY="short", ALLOWED_HOSTS="x.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = _settings_in_subprocess(DEBUG="0", SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_off_with_secret_and_hosts_starts_with_secure_cookies():
    result = _settings_in_subprocess(
        DEBUG="0", SECRET_KEY="s" * 50, ALLOWED_HOSTS="filiera.example"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_development_defaults_start_without_configuration():
    result = _settings_in_subprocess()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def _filiera_script() -> str:
    beside = Path(sys.executable).with_name("filiera")
    found = str(beside) if beside.exists() else shutil.which("filiera")
    if found is None:
        pytest.fail("the `filiera` console script is not installed (pip install -e .)")
    return found


def test_filiera_console_script_lists_the_commands():
    result = subprocess.run(
        [_filiera_script(), "help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout
    assert "migrate" in result.stdout


def test_filiera_help_for_the_demo_command():
    result = subprocess.run(
        [_filiera_script(), "help", "demo"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    assert "--companies" in result.stdout
    assert "--reset" in result.stdout
