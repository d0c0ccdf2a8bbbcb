"""Load the shipped reference data into the database (called by a data migration)."""

from filiera.registry import municipalities
from filiera.registry.reference import process_rows


def load_municipalities(Municipality) -> None:
    rows = [
        Municipality(c.istat_code, c.name, c.province, c.region, c.lat, c.lon)
        for code, c in municipalities.index().by_code.items()
        if code == c.istat_code
    ]
    Municipality.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def load_processes(Process) -> None:
    for row in process_rows():
        Process.objects.update_or_create(
            code=row["code"],
            defaults={
                "parent_id": row["parent_code"] or None,
                "is_group": row["level"] == "group",
                "tier": int(row["tier"]),
                "chain": row["chain"],
                "wet": {"true": True, "false": False}.get(row["wet"]),
                "name_it": row["name_it"],
                "name_en": row["name_en"],
            },
        )
