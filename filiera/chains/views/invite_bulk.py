"""Bulk invitations from a CSV or XLSX file: check first (every problem with its row and
column, nothing sent), then send them all with one button. Between the two steps the checked
file waits in the person's session, so they need not upload it again."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from filiera.chains.forms import TIER_HELP, BulkInviteForm
from filiera.chains.models import Level, Tier
from filiera.chains.services import bulk
from filiera.chains.views.supplier_common import client_for

REQUIRED = ["tier"]
MAX_BYTES = 2 * 1024 * 1024  # a file of invitations is small; it waits in the session
SESSION_KEY = "chain_bulk_invite"
SHOWN_ERRORS = 500


def template_csv() -> str:
    lines = [
        ",".join(bulk.COLUMNS),
        "IT12345670363,,,1,MU.KNIT_TO_SHAPE,,grade",
        ",info@tintoria.example,Tintoria Esempio S.r.l.,2,MU.EMBROIDERY,Vi invitiamo,areas|sites",
    ]
    return "\r\n".join(lines) + "\r\n"


@login_required
def bulk_invite(request: HttpRequest, pk: int) -> HttpResponse:
    firm = client_for(request.user, pk)
    if request.GET.get("download") == "template":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="filiera-supplier-invitations.csv"'
        return response
    context = {
        "firm": firm,
        "columns": bulk.COLUMNS,
        "required": REQUIRED,
        "tiers": Tier.choices,
        "tier_help": TIER_HELP,
        "levels": [(word, Level(level).label) for word, level in bulk.ASKS.items()],
        "shown_errors": SHOWN_ERRORS,
        "form": BulkInviteForm(),
    }
    if request.method == "POST" and request.POST.get("action") == "send":
        return _send(request, firm, context)
    if request.method == "POST":
        form = BulkInviteForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            _check(request, firm, form.cleaned_data["file"], context)
    return render(request, "chains/invite_bulk.html", context)


def _check(request: HttpRequest, firm, upload, context: dict) -> None:
    request.session.pop(SESSION_KEY, None)
    if upload.size > MAX_BYTES:
        context["file_error"] = _("The file is larger than 2 MB: split it into smaller files.")
        return
    data = upload.read()
    upload.seek(0)
    report = bulk.bulk_invite(request.user, firm, upload, dry_run=True)
    context["report"] = report
    if report.ok:
        digest = hashlib.sha256(data).hexdigest()
        request.session[SESSION_KEY] = {
            "firm": firm.pk,
            "name": upload.name,
            "data": base64.b64encode(data).decode("ascii"),
            "digest": digest,
        }
        context["digest"] = digest


def _send(request: HttpRequest, firm, context: dict) -> HttpResponse:
    stored = request.session.get(SESSION_KEY)
    if (
        not stored
        or stored.get("firm") != firm.pk
        or stored.get("digest") != request.POST.get("digest")
    ):
        context["file_error"] = _("The checked file is no longer here: upload it again.")
        return render(request, "chains/invite_bulk.html", context)
    upload = SimpleUploadedFile(stored["name"], base64.b64decode(stored["data"]))
    report = bulk.bulk_invite(request.user, firm, upload, dry_run=False)
    if not report.ok:  # the data changed since the check (e.g. an invitation sent meanwhile)
        del request.session[SESSION_KEY]
        context["report"] = report
        return render(request, "chains/invite_bulk.html", context)
    del request.session[SESSION_KEY]
    count = report.invited
    messages.success(
        request,
        ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", count)
        % {"count": count},
    )
    return redirect(reverse("chain_invite", args=[firm.pk]) + "#sent")
