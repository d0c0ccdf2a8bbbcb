"""The improvement plan of a firm: ranked actions, their owners and due dates.

Everyone who may see the firm sees its plan; only the firm's owners and editors change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.qualification import access, improvement
from filiera.qualification.benchmarks import MIN_COHORT
from filiera.qualification.methodology.schema import Methodology
from filiera.qualification.models import ImprovementAction, MethodologyVersion
from filiera.qualification.plan_forms import ActionForm, person_name
from filiera.qualification.selectors import current_version
from filiera.qualification.selectors_peers import PeerShares, peer_shares
from filiera.qualification.services import plans
from filiera.registry.models import Firm
from filiera.registry.views.firms import get_firm_for

OPEN = (ImprovementAction.Status.TODO, ImprovementAction.Status.DOING)


def linked_good_practices(actions: list[ImprovementAction]) -> dict[int, list]:
    """Action id → the published good practices that help close its gap (those naming its
    question first, then those of its area; at most three), each marked when the firm has
    adopted it."""
    from filiera.district import practices_match

    return practices_match.for_plan(actions)


def _effort_label(effort: str) -> str:
    return {"low": _("quick"), "medium": _("moderate"), "high": _("demanding")}.get(effort, effort)


def _methodologies(firm: Firm, actions: list[ImprovementAction]) -> dict[int | None, Methodology]:
    """Parsed methodology per assessment of the actions (None: the district's current one)."""
    versions: dict[int, MethodologyVersion] = {}
    for action in actions:
        if action.assessment is not None:
            versions.setdefault(action.assessment.version_id, action.assessment.version)
    found: dict[int | None, Methodology] = {vid: v.parsed() for vid, v in versions.items()}
    fallback = current_version(firm.districts.order_by("id").first())
    if fallback is not None:
        found[None] = fallback.parsed()
    return found


@dataclass
class PlanItem:
    """An action with what the page shows about it (question text, area name, labels)."""

    action: ImprovementAction
    text: str
    help_text: str
    area_name: str
    effort_label: str
    peer_percent: int | None
    owner_name: str
    good_practices: list = field(default_factory=list)
    form: ActionForm | None = None

    @property
    def pk(self) -> int:
        return self.action.pk

    @property
    def question(self) -> str:
        return self.action.question


def _items(firm: Firm, actions: list[ImprovementAction], peers_usable: bool) -> list[PlanItem]:
    language = get_language() or "it"
    parsed = _methodologies(firm, actions)
    practices = linked_good_practices(actions)
    items = []
    for action in actions:
        key = action.assessment.version_id if action.assessment is not None else None
        methodology = parsed.get(key) or parsed.get(None)
        question = methodology.question(action.question) if methodology else None
        area = methodology.area_of(action.question) if methodology else None
        effort = question.effort if question else improvement.DEFAULT_EFFORT
        items.append(
            PlanItem(
                action=action,
                text=question.text.get(language) if question else action.question,
                help_text=question.help.get(language) if question and question.help else "",
                area_name=area.name.get(language) if area else action.area,
                effort_label=_effort_label(effort),
                peer_percent=round(action.peer_share * 100) if peers_usable else None,
                owner_name=person_name(action.owner) if action.owner else "",
                good_practices=practices.get(action.pk, []),
            )
        )
    return items


def _plan_context(
    request: HttpRequest, firm: Firm, failed: ActionForm | None = None, failed_pk=None
) -> dict:
    source = plans.plan_source(firm)
    actions = list(
        ImprovementAction.objects.filter(firm=firm).select_related("assessment__version", "owner")
    )
    compared = PeerShares(0)
    if source is not None:
        compared = peer_shares(firm, source.district, source.version.parsed(), [])
    items = _items(firm, actions, compared.usable)
    can_edit = access.is_firm_editor(request.user, firm)
    if can_edit:
        for item in items:
            item.form = failed if item.pk == failed_pk else ActionForm.for_action(item.action)
    stale = source is not None and any(
        a.assessment_id != source.pk for a in actions if a.status in OPEN
    )
    return {
        "firm": firm,
        "source": source,
        "open_actions": [i for i in items if i.action.status in OPEN],
        "closed_actions": [i for i in items if i.action.status not in OPEN],
        "peers": compared.peers,
        "peers_usable": compared.usable,
        "min_cohort": MIN_COHORT,
        "can_edit": can_edit,
        "stale": stale,
        "ease": improvement.EASE,
    }


@login_required
def firm_plan(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk)
    return render(request, "qualification/plan_page.html", _plan_context(request, firm))


@login_required
@require_POST
def firm_plan_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.is_firm_editor)
    try:
        counts = plans.refresh_plan(request.user, firm)
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(
            request,
            _(
                "Plan updated: %(added)s new actions, %(removed)s removed, "
                "%(completed)s marked done."
            )
            % counts,
        )
    return redirect("firm_plan", pk=firm.pk)


@login_required
@require_POST
def plan_action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(ImprovementAction.objects.select_related("firm"), pk=pk)
    firm = get_firm_for(request.user, action.firm_id, access.is_firm_editor)
    form = ActionForm.for_action(action, request.POST)
    htmx = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        try:
            plans.update_action(request.user, action, **form.cleaned_data)
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            if not htmx:
                messages.success(request, _("Action saved."))
                return redirect("firm_plan", pk=firm.pk)
            context = _plan_context(request, firm)
            context["saved_pk"] = action.pk
            return render(request, "qualification/plan_actions.html", context)
    context = _plan_context(request, firm, failed=form, failed_pk=action.pk)
    template = "qualification/plan_actions.html" if htmx else "qualification/plan_page.html"
    return render(request, template, context)
