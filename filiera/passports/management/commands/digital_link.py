"""``filiera digital-link URI``: the element strings of a GS1 Digital Link URI.

Prints them as one JSON object keyed by application identifier, in the URI's order (path, then
query string), e.g. ``{"01": "09506000134352", "10": "ABC1"}``, and exits with status 0. When
the URI is not a valid Digital Link nothing is printed on standard output: the reason goes to
standard error and the command exits with status 1.

The checks are strict, as the GS1 Barcode Syntax Engine makes them; the options relax them as the
engine's do: ``--zero-suppressed`` (a GTIN-8, -12 or -13 in place of the 14-digit GTIN),
``--convenience-alphas`` (``/gtin/``, ``/lot/``, ``/ser/``… in the path), ``--unknown-ais`` (AIs
not in the GS1 table) and ``--unknown-ai-attributes`` (which also lets them be query attributes).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from filiera.passports.engine import digital_link


class Command(BaseCommand):
    help = (
        "Parse a GS1 Digital Link URI and print its element strings as JSON keyed by "
        "application identifier."
    )
    requires_system_checks: list[str] = []  # reads no models and no URLs: start fast

    def add_arguments(self, parser) -> None:
        parser.add_argument("uri", help="the Digital Link URI, e.g. https://id.gs1.org/01/…")
        parser.add_argument(
            "--zero-suppressed",
            action="store_true",
            help="accept a GTIN of 8, 12 or 13 digits in /01/ and pad it to 14 digits",
        )
        parser.add_argument(
            "--convenience-alphas",
            action="store_true",
            help="accept the old names of AIs in the path (/gtin/, /lot/, /ser/, /sscc/…)",
        )
        parser.add_argument(
            "--unknown-ais", action="store_true", help="accept AIs that are not in the GS1 table"
        )
        parser.add_argument(
            "--unknown-ai-attributes",
            action="store_true",
            help="with --unknown-ais, accept unknown AIs as query string attributes too",
        )

    def handle(self, *args, **options) -> None:
        try:
            ais = digital_link.parse(
                options["uri"],
                zero_suppressed=options["zero_suppressed"],
                convenience_alphas=options["convenience_alphas"],
                unknown_ais=options["unknown_ais"],
                unknown_ai_not_attr=not options["unknown_ai_attributes"],
            )
        except digital_link.DigitalLinkError as err:
            raise CommandError(err.reason, returncode=1) from None
        self.stdout.write(json.dumps(dict(ais), ensure_ascii=False))
