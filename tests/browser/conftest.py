"""Browser tests: Playwright (sync API) driving Debian's Chromium against Django's live server.

Every test here is marked ``browser`` and runs on a transactional database (``live_server``)
with serialized rollback, so the reference data loaded by migrations (municipalities,
processes) is there for each test and is put back for the tests that follow.

Without ``/usr/bin/chromium`` the tests skip with a reason on a developer machine and fail on CI
(any non-empty ``CI`` variable). ``FILIERA_CHROMIUM`` points at another Chromium binary.
Screenshots go to ``test-results/browser/`` (git-ignored); a failing test leaves one in
``test-results/browser/failures/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API keeps an asyncio event loop in this thread; Django would otherwise refuse
# ORM calls made by the test code ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("FILIERA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google services, which floods a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"
TIMEOUT_MS = 10_000

_report_key = pytest.StashKey[dict[str, pytest.TestReport]]()


class Chromium:
    """Playwright and one headless Chromium, started on first use and shared by browser tests.

    While Playwright runs, its sync API keeps an asyncio event loop running in the main thread.
    That changes the thread's Django connections: with a running loop, Django's connection
    handler hands out other connection objects (asgiref's ``Local`` keeps thread-critical data
    per context then), which do not carry the serialized test database. So ``start`` copies it
    across, and the browser is stopped as soon as the next test is not a browser test, so the
    running loop never leaks into other tests (``async_to_sync`` and ``asyncio.run`` refuse to
    work under it). Browser tests are run last, so this normally starts once per process.
    """

    def __init__(self) -> None:
        self.playwright = None
        self.browser = None

    def start(self):
        if self.browser is not None:
            return self.browser
        if not Path(CHROMIUM).exists():
            reason = f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package"
            if os.environ.get("CI"):
                pytest.fail(f"{reason} (CI is set, so browser tests must run)", pytrace=False)
            pytest.skip(reason)
        from django.db import connections
        from playwright.sync_api import sync_playwright

        serialized = {
            alias: getattr(connections[alias], "_test_serialized_contents", None)
            for alias in connections
        }
        self.playwright = sync_playwright().start()
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except BaseException:
            self.stop()
            raise
        return self.browser

    def stop(self) -> None:
        if self.playwright is None:
            return
        from django.db import connections

        # Close the connections opened under the running loop (PostgreSQL would otherwise
        # refuse to drop the test database at the end).
        connections.close_all()
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = None


_chromium = Chromium()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests after all others (pytest-django has already put the database
    tests first), so each process starts Chromium once and nothing runs after it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """Keep each phase's report on the item, so ``page`` can screenshot failures."""
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator:
    """After the last of a run of browser tests, stop Chromium and Playwright's event loop."""
    try:
        return (yield)
    finally:
        if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
            _chromium.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """The shared Playwright + Chromium of this test process (each xdist worker has its own)."""
    yield _chromium
    _chromium.stop()


@pytest.fixture
def browser(chromium):
    """The headless Chromium, started if needed; skips or fails when it is not installed."""
    return chromium.start()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, request):
    """A page in a fresh browser context (own cookies and storage) for one test.

    The context speaks Italian, like most of our users. After the test it checks that the
    pages loaded all their scripts, styles and images from the live server, raised no
    JavaScript error and asked for nothing outside the platform (no CDN at run time).
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
        timezone_id="Europe/Rome",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))

    def on_request(req) -> None:
        if not req.url.startswith((live_server.url, "data:", "blob:", "about:")):
            problems.append(f"request outside the platform: {req.url}")

    def on_response(resp) -> None:
        failed = resp.status >= 400  # 304 Not Modified is a cache hit, not a failure
        if resp.request.resource_type in {"stylesheet", "script", "image", "font"} and failed:
            problems.append(f"asset failed: {resp.status} {resp.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    yield page
    reports = request.node.stash.get(_report_key, {})
    if "call" in reports and reports["call"].failed:
        failures = RESULTS / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=failures / f"{name}.png", full_page=True)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def screenshot(request) -> Callable:
    """``screenshot(page, "step")`` saves ``test-results/browser/<test>-<step>.png``."""

    def take(page, step: str) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form and wait until the site has let us in."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture(name="login")
def login_fixture() -> Callable:
    """The ``login(page, live_server, username)`` helper, without importing a conftest."""
    return login
