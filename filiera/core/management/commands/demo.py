"""``filiera demo``: an invented district with its firms, sites and demo logins.

The records come from the plain-Python generator in ``filiera.registry.demo``; this command
writes them in bulk (fast enough for 50,000 firms) with the same audit events the services
leave, then creates the demo accounts and prints their logins. If the district already exists
it reports that and changes nothing, unless ``--reset`` is given.
"""

from __future__ import annotations

import time
from decimal import Decimal
from itertools import batched

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from filiera.chains import demo_writer as chains_writer
from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.district import demo as district_demo
from filiera.passports import demo as passports_demo
from filiera.products import demo as products_demo
from filiera.qualification import demo_writer
from filiera.registry import demo, services
from filiera.registry.models import (
    District,
    DistrictMembership,
    FacilityId,
    Firm,
    FirmActivity,
    FirmMembership,
    Municipality,
    Site,
)
from filiera.registry.models.firm import size_class_for
from filiera.symbiosis import demo as symbiosis_demo

DEMO_PASSWORD = "filiera-demo"  # noqa: S105 - printed on purpose: these are demo accounts
BATCH = 1000
DEMO_ACTION = "demo_create"
DISTRICT_ROLES = {
    "manager": DistrictMembership.Role.MANAGER,
    "verifier": DistrictMembership.Role.VERIFIER,
}

# (username, what the login is for, first name, last name); names are invented.
LOGINS = [
    ("admin", "platform admin", "Ada", "Amministra"),
    ("manager", "district manager", "Dora", "Distrettini"),
    ("verifier", "district verifier", "Vera", "Verificanti"),
    ("subcontractor", "owner of a subcontractor", "Tito", "Terzoni"),
    ("brand", "owner of an own-label brand", "Bruna", "Marchetti"),
]


class Command(BaseCommand):
    help = "Create an invented demo district with firms, sites and demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--companies", type=int, default=150, help="number of firms (150)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--district", default="carpi", choices=sorted(demo.DISTRICTS), help="which district"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo district's firms and recreate them",
        )
        parser.add_argument(
            "--no-assessments",
            action="store_true",
            help="only firms and sites: no evidence, assessments or scores",
        )
        parser.add_argument(
            "--password",
            help=f"password of new demo accounts ({DEMO_PASSWORD}); required with DEBUG off",
        )

    def handle(self, *args, **options) -> None:
        companies: int = options["companies"]
        if companies < 1:
            raise CommandError("--companies must be at least 1")
        if not settings.DEBUG and not options["password"]:
            raise CommandError(
                "With DEBUG off, give --password: the demo accounts include a platform admin."
            )
        password = options["password"] or DEMO_PASSWORD
        try:
            spec = demo.district_spec(options["district"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        district = District.objects.filter(slug=spec.slug).first()
        if district is not None and not options["reset"]:
            self.stdout.write(
                f"The demo district “{district.name}” ({district.slug}) already exists with "
                f"{district.firms.count()} firms: nothing changed (use --reset to recreate it)."
            )
            self._print_logins(district, password, set())
            return
        if district is not None and not self._made_by_demo(district):
            raise CommandError(
                f"District “{district.slug}” exists but was not created by this command; "
                "refusing to delete its firms."
            )

        started = time.perf_counter()
        with transaction.atomic():
            if district is None:
                district = self._create_district(spec)
            else:
                self._reset(district, spec)
            taken = set(Firm.objects.values_list("vat", flat=True))
            records = demo.iter_firms(companies, options["seed"], spec.slug, taken)
            created = self._write(records, district)
            new_accounts = self._accounts(district, password)
            qualified = (
                {"assessments": 0, "evidence": 0}
                if options["no_assessments"]
                else self._qualify(district, options["seed"])
            )
            chains = (
                None
                if options["no_assessments"]
                else products_demo.write(district, seed=options["seed"])
            )
            passports = (
                None
                if options["no_assessments"]
                else passports_demo.load(district, seed=options["seed"])
            )
            symbiosis = (
                None
                if options["no_assessments"]
                else symbiosis_demo.load(district, seed=options["seed"])
            )
            showcase = (
                None
                if options["no_assessments"]
                else district_demo.load(district, seed=options["seed"])
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created['firms']} firms and {created['sites']} sites in "
                f"“{district.name}” ({district.slug}), {qualified['assessments']} assessments "
                f"and {qualified['evidence']} documents in {elapsed:.1f} s."
            )
        )
        if chains:
            self.stdout.write(
                f"Supply chains of {chains['brands']} brands: {chains['relations']} relations, "
                f"{chains['firms']} firms outside the district, {chains['consents']} sharing "
                f"consents, {chains['invitations']} pending invitations, {chains['alerts']} alerts."
            )
        if passports:
            self.stdout.write(
                f"Product passports: {passports['passports']}, with "
                f"{passports['conformity']} conformity credentials and {passports['facilities']} "
                f"facility records; {passports['consents']} suppliers agree to be named."
            )
        if symbiosis:
            self.stdout.write(
                f"Industrial symbiosis: {symbiosis['flows']} resource flows (with "
                f"{symbiosis['receivers']} receiving firms), {symbiosis['suggestions']} "
                f"suggestions, {symbiosis['exchanges']} exchanges under way with "
                f"{symbiosis['deliveries']} realised quantities; the district optimum picks "
                f"{symbiosis['allocated']}."
            )
        if showcase:
            self.stdout.write(
                f"District showcase: {showcase.get('showcase_entries', 0)} firms listed, "
                f"{showcase.get('news', 0)} news, {showcase.get('practices', 0)} good practices, "
                f"{showcase.get('networks', 0)} networks of firms, {showcase.get('events', 0)} "
                f"events; public at {settings.SITE_URL}/showcase/{district.slug}/"
            )
        self._print_logins(district, password, new_accounts)

    # District -------------------------------------------------------------------------------

    def _district_fields(self, spec: demo.DistrictRecord) -> dict:
        return {
            "name": spec.name,
            "managing_body": spec.managing_body,
            "description_it": spec.description_it,
            "description_en": spec.description_en,
            "sectors": list(spec.sectors),
            "languages": ["it", "en"],
            "contact_email": spec.contact_email,
            "website": spec.website,
        }

    def _create_district(self, spec: demo.DistrictRecord) -> District:
        district = District.objects.create(slug=spec.slug, **self._district_fields(spec))
        district.municipalities.set(Municipality.objects.filter(pk__in=spec.municipality_codes))
        audit.record(
            None,
            DEMO_ACTION,
            district,
            changes=audit.facts(name=district.name, municipalities=spec.municipality_codes),
            district_id=district.pk,
        )
        return district

    def _made_by_demo(self, district: District) -> bool:
        return AuditEvent.objects.filter(
            action=DEMO_ACTION, object_type="registry.district", object_id=str(district.pk)
        ).exists()

    def _reset(self, district: District, spec: demo.DistrictRecord) -> None:
        passports_demo.clear(district)  # signed credentials protect the firms they are about
        symbiosis_demo.clear(district)  # with the receiving firms outside the district
        outside = chains_writer.clear()  # the chains' firms outside the district
        firms = Firm.objects.filter(districts=district)
        count = firms.count()
        try:
            firms.delete()
        except ProtectedError as exc:
            raise CommandError(
                f"Cannot reset: other records still point to the demo firms ({exc.args[0]})"
            ) from exc
        for name, value in self._district_fields(spec).items():
            setattr(district, name, value)
        district.save()
        district.municipalities.set(Municipality.objects.filter(pk__in=spec.municipality_codes))
        audit.record(
            None,
            "demo_reset",
            district,
            changes=audit.facts(firms_deleted=count),
            district_id=district.pk,
        )
        self.stdout.write(f"Deleted the {count} firms of “{district.name}”.")
        if outside:
            self.stdout.write(f"Deleted {outside} firms outside the district (demo chains).")

    # Firms and sites ------------------------------------------------------------------------

    def _write(self, records, district: District) -> dict[str, int]:
        municipalities = Municipality.objects.in_bulk(
            demo.district_spec(district.slug).municipality_codes
        )
        created = {"firms": 0, "sites": 0}
        for chunk in batched(records, BATCH):
            firms, sites = self._write_batch(chunk, district, municipalities)
            created["firms"] += firms
            created["sites"] += sites
            if created["firms"] % 10_000 == 0:
                self.stdout.write(f"… {created['firms']} firms", ending="\n")
        return created

    def _write_batch(self, records, district: District, municipalities) -> tuple[int, int]:
        firms = [
            Firm(
                legal_name=r.legal_name,
                vat=r.vat,
                country="IT",
                rea=r.rea,
                legal_form=r.legal_form,
                role=r.role,
                employees=r.employees,
                turnover_eur=Decimal(r.turnover_eur),
                # bulk_create skips save(), which sets the size class.
                size_class=size_class_for(r.employees, r.turnover_eur),
                description_it=r.description_it,
                description_en=r.description_en,
                email=r.email,
                website=r.website,
            )
            for r in records
        ]
        Firm.objects.bulk_create(firms)
        FirmActivity.objects.bulk_create(
            FirmActivity(firm=firm, code=code, is_primary=i == 0)
            for firm, r in zip(firms, records, strict=True)
            for i, code in enumerate(r.ateco)
        )
        FirmDistrict = Firm.districts.through
        FirmDistrict.objects.bulk_create(
            FirmDistrict(firm_id=firm.pk, district_id=district.pk) for firm in firms
        )

        pairs = [(firm, s) for firm, r in zip(firms, records, strict=True) for s in r.sites]
        codes = services.issue_facility_ids(len(pairs))
        sites = [
            Site(
                firm=firm,
                name=s.name,
                address=s.address,
                municipality=municipalities[s.municipality],
                lat=s.lat,
                lon=s.lon,
                pinned=True,
                workers=s.workers,
                facility_id=code,
            )
            for (firm, s), code in zip(pairs, codes, strict=True)
        ]
        Site.objects.bulk_create(sites)
        FacilityId.objects.bulk_create(
            FacilityId(code=site.facility_id, site=site) for site in sites
        )
        SiteProcess = Site.processes.through
        SiteProcess.objects.bulk_create(
            SiteProcess(site_id=site.pk, process_id=code)
            for site, (_firm, s) in zip(sites, pairs, strict=True)
            for code in s.processes
        )

        events = []
        for firm, r in zip(firms, records, strict=True):
            after = audit.snapshot(firm, services.FIRM_FIELDS) | {"ateco": list(r.ateco)}
            events.append(audit.event_fields(None, "create", firm, audit.diff({}, after), firm.pk))
        for site, (firm, s) in zip(sites, pairs, strict=True):
            after = audit.snapshot(site, services.SITE_FIELDS) | {"processes": sorted(s.processes)}
            events.append(audit.event_fields(None, "create", site, audit.diff({}, after), firm.pk))
        AuditEvent.objects.bulk_create(AuditEvent(**fields) for fields in events)
        return len(firms), len(sites)

    # Qualification --------------------------------------------------------------------------

    def _qualify(self, district: District, seed: int) -> dict[str, int]:
        """Assessments in every state; the demo firms get a returned (subcontractor) and a
        verified (brand) one, each after a verified cycle of the year before."""
        User = get_user_model()
        featured = {}
        for username, state in (("subcontractor", "returned"), ("brand", "verified")):
            membership = FirmMembership.objects.filter(
                user__username=username, firm__districts=district
            ).first()
            if membership is not None:
                featured[membership.firm_id] = state
        return demo_writer.qualify(
            district,
            seed=seed,
            featured=featured,
            reviewer=User.objects.filter(username="verifier").first(),
        )

    # Accounts -------------------------------------------------------------------------------

    def _accounts(self, district: District, password: str) -> set[str]:
        """Create the demo accounts that are missing (their names are returned); existing
        accounts keep their password."""
        User = get_user_model()
        firms = Firm.objects.filter(districts=district).order_by("id")
        owned = {
            "subcontractor": firms.filter(role=Firm.Role.SUBCONTRACTOR).first(),
            "brand": firms.filter(role=Firm.Role.BRAND).first(),
        }
        created: set[str] = set()
        for username, _what, first_name, last_name in LOGINS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@filiera-demo.example",
                    is_staff=username == "admin",
                    is_superuser=username == "admin",
                )
                user.set_password(password)
                user.save()
                created.add(username)
            if username in DISTRICT_ROLES:
                DistrictMembership.objects.get_or_create(
                    user=user, district=district, role=DISTRICT_ROLES[username]
                )
            firm = owned.get(username)
            if (
                firm is not None
                and not FirmMembership.objects.filter(user=user, firm=firm).exists()
            ):
                services.set_firm_member(None, firm, user, FirmMembership.Role.OWNER)
        return created

    def _print_logins(self, district: District, password: str, new_accounts: set[str]) -> None:
        User = get_user_model()
        self.stdout.write("")
        self.stdout.write(f"Demo logins for “{district.name}” (sign in at /accounts/login/):")
        for username, what, _first, _last in LOGINS:
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            known = username in new_accounts or user.check_password(password)
            secret = f"password {password}" if known else "password not shown"
            first = (
                user.firm_memberships.filter(firm__districts=district)
                .select_related("firm")
                .order_by("firm_id")
                .first()
            )
            detail = f" — {first.firm.legal_name}" if first is not None else ""
            self.stdout.write(f"  {username:<14} {secret:<24} {what}{detail}")
