"""The context every public showcase page needs (see ``templates/district/public/base.html``)."""

from __future__ import annotations

from filiera.district.public import alternates, text
from filiera.registry.models import District


def public_context(
    district: District, lang: str, name: str, description: str = "", **kwargs
) -> dict:
    """``name`` and ``kwargs`` address the page itself (its URL name and arguments besides
    ``lang``); ``description`` feeds the meta description and sharing cards."""
    links = alternates(name, **kwargs)
    showcase = getattr(district, "showcase", None)
    fallback = text(showcase, "headline", lang) if showcase is not None else ""
    return {
        "district": district,
        "showcase": showcase,
        "lang": lang,
        "alternates": links,
        "canonical": links[lang],
        "meta_description": (description or fallback or district.name)[:300],
    }
