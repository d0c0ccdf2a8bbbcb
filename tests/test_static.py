"""Every asset a template asks for ships with the project (nothing comes from a CDN)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

PACKAGE = Path(__file__).resolve().parent.parent / "filiera"


def test_every_static_reference_in_templates_is_found():
    referenced = set()
    for template in PACKAGE.rglob("templates/**/*.html"):
        referenced |= set(re.findall(r"\{% static '([^']+)' %\}", template.read_text()))
    assert "vendor/pico/pico.min.css" in referenced
    missing = sorted(path for path in referenced if finders.find(path) is None)
    assert missing == []


def test_no_template_loads_anything_from_another_host():
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text()
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', text), template
