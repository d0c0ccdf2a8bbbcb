"""What the methodology pages share: who may see or change a version, and the words that
describe a methodology's rules to a person (applicability, answer type, evidence, differences)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filiera.qualification import vsme
from filiera.qualification.methodology.schema import WET, Methodology, Question
from filiera.qualification.models import MethodologyVersion
from filiera.registry import access as registry_access
from filiera.registry.models import District, Firm, Process
from filiera.registry.models.firm import SizeClass

# Lookups -------------------------------------------------------------------------------------


def can_see_version(user, version: MethodologyVersion) -> bool:
    """Published versions are for every logged-in person; a draft only for its district's staff."""
    if version.is_published:
        return True
    r = registry_access.roles(user)
    district_id = version.methodology.district_id
    return r.superuser or (district_id is not None and district_id in r.staffed_districts)


def can_edit_version(user, version: MethodologyVersion) -> bool:
    """Only the managers of the district that owns the methodology change its drafts."""
    district = version.methodology.district
    return district is not None and registry_access.can_manage_district(user, district)


def can_derive(user) -> bool:
    return registry_access.managed_districts(user).exists()


def get_version_for(user, slug: str, number: int, check=None) -> MethodologyVersion:
    """The version, or 404 when the user may not see it, or 403 when they may not do this."""
    version = get_object_or_404(
        MethodologyVersion.objects.select_related("methodology__district", "based_on__methodology"),
        methodology__slug=slug,
        number=number,
    )
    if not can_see_version(user, version):
        raise Http404("No such methodology version")
    if check is not None and not check(user, version):
        raise PermissionDenied
    return version


def managed_districts_for(user, version: MethodologyVersion):
    """The districts this user may act for with this version: their own managed districts; for a
    district's methodology, only that district."""
    districts = registry_access.managed_districts(user).order_by("name")
    if version.methodology.district_id is not None:
        districts = districts.filter(pk=version.methodology.district_id)
    return districts


# Describing rules in words -------------------------------------------------------------------

TYPE_LABELS = {
    "yesno": gettext_lazy("yes / no"),
    "number": gettext_lazy("number"),
    "choice": gettext_lazy("choice"),
    "date": gettext_lazy("date"),
    "file": gettext_lazy("file"),
    "text": gettext_lazy("text"),
}
EVIDENCE_LABELS = {
    "none": gettext_lazy("no evidence"),
    "optional": gettext_lazy("evidence optional"),
    "required": gettext_lazy("evidence required"),
}
LEVEL_LABELS = {
    1: gettext_lazy("Level 1 · basics"),
    2: gettext_lazy("Level 2 · managed"),
    3: gettext_lazy("Level 3 · leading"),
}
KIND_LABELS = {
    "certification": gettext_lazy("certification"),
    "document": gettext_lazy("document"),
    "test": gettext_lazy("test report"),
    "rating": gettext_lazy("rating"),
    "assessment": gettext_lazy("assessment"),
}


def _join(items: list, last: str) -> str:
    """``a, b and c`` (``last`` is the template that joins the final item)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return last % {"list": ", ".join(items[:-1]), "last": items[-1]}


def _or(items: list) -> str:
    return _join(items, _("%(list)s or %(last)s"))


def process_names(codes: list[str]) -> dict[str, str]:
    return {p.code: p.name for p in Process.objects.filter(code__in=codes)}


def applicability(question: Question, names: dict[str, str] | None = None) -> str:
    """Who is asked this question, in words; ``""`` when everyone is."""
    cond = question.applies_if
    parts: list[str] = []
    if cond.size_classes:
        labels = dict(SizeClass.choices)
        sizes = _or([labels[s] for s in cond.size_classes])
        parts.append(_("only firms of size %(sizes)s") % {"sizes": sizes})
    if cond.roles:
        roles = dict(Firm.Role.choices)
        parts.append(
            _("only firms whose role is %(roles)s") % {"roles": _or([roles[r] for r in cond.roles])}
        )
    if cond.processes_any:
        names = names if names is not None else process_names(cond.processes_any)
        listed = [names.get(code, code) for code in cond.processes_any if code != WET]
        if WET in cond.processes_any and not listed:
            parts.append(_("only firms with wet processes"))
        elif WET in cond.processes_any:
            parts.append(
                _("only firms with wet processes or that perform %(processes)s")
                % {"processes": _or(listed)}
            )
        else:
            parts.append(_("only firms that perform %(processes)s") % {"processes": _or(listed)})
    return "; ".join(parts)


def answer_type(question: Question, language: str) -> str:
    label = str(TYPE_LABELS.get(question.type, question.type))
    if question.type == "number" and question.unit:
        return f"{label} ({question.unit})"
    if question.type == "choice":
        return f"{label}: " + " / ".join(c.label.get(language) for c in question.choices)
    if question.type == "date" and question.max_age_days:
        return _("%(type)s, no older than %(days)s days") % {
            "type": label,
            "days": question.max_age_days,
        }
    return label


def vsme_labels(concepts: list[str], language: str) -> list[tuple[str, str]]:
    found = []
    for concept in concepts:
        dp = vsme.datapoint(concept)
        found.append((concept, vsme.label(dp, language) if dp else ""))
    return found


# Differences between a draft and its base ----------------------------------------------------


@dataclass
class Difference:
    """What a derived version changes compared with the version it comes from."""

    area_weights: list[tuple[str, float, float]] = field(default_factory=list)
    question_weights: list[tuple[str, str, float, float]] = field(default_factory=list)
    switched_off: list[tuple[str, str]] = field(default_factory=list)
    switched_on: list[tuple[str, str]] = field(default_factory=list)
    added: list[tuple[str, str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.area_weights
            or self.question_weights
            or self.switched_off
            or self.switched_on
            or self.added
            or self.removed
        )


def difference(base: Methodology, draft: Methodology, language: str) -> Difference:
    diff = Difference()
    old_areas = {a.code: a for a in base.areas}
    new_codes = set()
    for area in draft.areas:
        old = old_areas.get(area.code)
        name = area.name.get(language)
        if old is not None and old.weight != area.weight:
            diff.area_weights.append((name, old.weight, area.weight))
        for q in area.questions:
            new_codes.add(q.code)
            text = q.text.get(language)
            before = base.question(q.code)
            if before is None:
                diff.added.append((q.code, text, name))
                continue
            if before.weight != q.weight:
                diff.question_weights.append((q.code, text, before.weight, q.weight))
            if before.enabled and not q.enabled:
                diff.switched_off.append((q.code, text))
            elif q.enabled and not before.enabled:
                diff.switched_on.append((q.code, text))
    for area in base.areas:
        for q in area.questions:
            if q.code not in new_codes:
                diff.removed.append((q.code, q.text.get(language)))
    return diff


def district_of(version: MethodologyVersion) -> District | None:
    return version.methodology.district
