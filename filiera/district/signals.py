"""Keeps the public directory (ShowcaseEntry) current when what it is built from changes.

A change to a firm's public profile, scorecard publication, official score, assessments,
evidence, sites (and their processes), the firm itself or its districts rebuilds that firm's
entries once the transaction commits, once per firm however many rows changed in it. A
showcase created or deleted rebuilds its district. Certificates also expire without any write:
``services.showcase.refresh_all`` runs daily for that (see the docs).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from filiera.core.oncommit import OncePerCommit

FIRM, DISTRICT = "firm", "district"


def _refresh(keys: set) -> None:
    """Whole districts first, then the firms one by one."""
    from filiera.district.services import showcase

    for kind, pk in sorted(keys, key=lambda key: (key[0] != DISTRICT, key[1])):
        if kind == DISTRICT:
            showcase.refresh_district(pk)
        else:
            showcase.refresh_firm(pk)


directory = OncePerCommit(_refresh)


def _later(firm_id: int | None = None, district_id: int | None = None) -> None:
    """Refresh after the commit (at once outside a transaction), once per firm or district."""
    if firm_id is not None:
        directory.add((FIRM, firm_id))
    if district_id is not None:
        directory.add((DISTRICT, district_id))


def firm_data_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A row holding ``firm_id`` changed (profile, publication, evidence, site, assessment)."""
    if raw:
        return
    _later(firm_id=instance.firm_id)


def firm_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A firm's name or website changed (a deleted firm's entries go with it)."""
    if raw:
        return
    _later(firm_id=instance.pk)


def score_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or instance.kind != "official":
        return
    from filiera.qualification.models import Assessment

    firm_id = (
        Assessment.objects.filter(pk=instance.assessment_id)
        .values_list("firm_id", flat=True)
        .first()
    )
    if firm_id is not None:
        _later(firm_id=firm_id)


def showcase_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A new showcase gets its directory; a deleted one loses it. Edits to its texts change no
    entry (they move its ``updated_at``, which renews the cached pages)."""
    if raw or kwargs.get("created") is False:
        return
    _later(district_id=instance.district_id)


def firm_districts_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        _later(firm_id=instance.pk)
    elif action == "post_clear":
        _later(district_id=instance.pk)
    else:
        for firm_id in pk_set or ():
            _later(firm_id=firm_id)


def site_processes_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        _later(firm_id=instance.firm_id)
    else:
        from filiera.registry.models import Site

        firm_ids = Site.objects.filter(processes=instance.pk).values_list("firm_id", flat=True)
        for firm_id in set(firm_ids):
            _later(firm_id=firm_id)


def connect() -> None:
    from filiera.district.models import PublicProfile, Showcase
    from filiera.qualification.models import Assessment, Evidence, Score, ScorecardPublication
    from filiera.registry.models import Firm, Site

    for model in (PublicProfile, ScorecardPublication, Evidence, Site, Assessment):
        uid = f"showcase_{model._meta.label_lower}"
        post_save.connect(firm_data_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(firm_data_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    post_save.connect(firm_changed, sender=Firm, dispatch_uid="showcase_firm_saved")
    post_save.connect(score_saved, sender=Score, dispatch_uid="showcase_score_saved")
    post_save.connect(showcase_changed, sender=Showcase, dispatch_uid="showcase_saved")
    post_delete.connect(showcase_changed, sender=Showcase, dispatch_uid="showcase_deleted")
    m2m_changed.connect(
        firm_districts_changed, sender=Firm.districts.through, dispatch_uid="showcase_districts"
    )
    m2m_changed.connect(
        site_processes_changed, sender=Site.processes.through, dispatch_uid="showcase_processes"
    )


connect()
