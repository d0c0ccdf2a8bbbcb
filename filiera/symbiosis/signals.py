"""What must follow when data outside the flows changes.

- A site that moves (its position changed by the registry's pages, import or merge) carries
  its flows along: their copied ``lat``/``lon`` are set to the site's, and the firm's
  suggestions are computed again after the commit.
- A firm joining or leaving a district changes nothing stored here (district pages read the
  memberships live).
"""

from __future__ import annotations

from django.db.models.signals import post_save


def site_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw or created:
        return
    from filiera.symbiosis.models import Flow
    from filiera.symbiosis.tasks import refresh_later

    moved = Flow.objects.filter(site_id=instance.pk).exclude(lat=instance.lat, lon=instance.lon)
    if moved.update(lat=instance.lat, lon=instance.lon):
        refresh_later(instance.firm_id)


post_save.connect(site_saved, sender="registry.Site", dispatch_uid="symbiosis_site_moved")


# Merges of duplicates ------------------------------------------------------------------------
# The registry merges two firms (or two sites) by moving the sites (or facility IDs) over and
# deleting the other record, which would delete its flows with it. The merge records its audit
# events just before that deletion: the flows move to the kept firm or site at that moment.


def _move(flows, site) -> None:
    from filiera.symbiosis.models import Flow

    for flow in flows:
        if flow.firm_id != site.firm_id and flow.ref:
            taken = Flow.objects.filter(firm_id=site.firm_id, ref=flow.ref).exists()
            flow.ref = f"{flow.ref}-{flow.pk}"[:64] if taken else flow.ref
        flow.site, flow.firm_id, flow.lat, flow.lon = site, site.firm_id, site.lat, site.lon
        flow.save(update_fields=["site", "firm", "lat", "lon", "ref", "updated_at"])


def merge_recorded(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw or not created or instance.action not in ("merge", "merged_into"):
        return
    from filiera.registry.models import Site
    from filiera.symbiosis.models import Flow
    from filiera.symbiosis.tasks import refresh_later

    if instance.action == "merged_into" and instance.object_type == "registry.firm":
        flows = Flow.objects.filter(firm_id=int(instance.object_id)).select_related("site")
        moving = [f for f in flows if f.site.firm_id != f.firm_id]
        for flow in moving:
            _move([flow], flow.site)
        for firm_id in {f.firm_id for f in moving}:
            refresh_later(firm_id)
    elif instance.action == "merge" and instance.object_type == "registry.site":
        merged = (instance.changes or {}).get("merged") or [None, None]
        keep = Site.objects.filter(pk=int(instance.object_id)).first()
        drop = Site.objects.filter(facility_id=merged[-1]).exclude(pk=instance.object_id).first()
        if keep is None or drop is None:
            return
        on_site = list(Flow.objects.filter(site=drop))
        if on_site:
            _move(on_site, keep)
            refresh_later(keep.firm_id)


post_save.connect(merge_recorded, sender="core.AuditEvent", dispatch_uid="symbiosis_merge")
