"""What people do with a published practice: district experts evaluate it; a firm's owners and
editors adopt it for their firm (from its page or from the firm's improvement plan), district
managers for their district; the same people withdraw an adoption."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.district import selectors_practices as sel
from filiera.district.forms_practices import AdoptForm, EvaluationForm
from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.district.public import reader_lang, text
from filiera.district.services import practices as services
from filiera.qualification.models import ImprovementAction
from filiera.registry import access
from filiera.registry.models import District
from filiera.registry.views.firms import get_firm_for


def _back(request: HttpRequest, practice: GoodPractice) -> HttpResponse:
    """To ``next`` when it is a page of this site (the plan the button was on), else to the
    practice."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("practice_detail", pk=practice.pk)


@login_required
def practice_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's marks (1-5) on the four criteria and a comment; one per expert, a second
    evaluation replaces the first."""
    practice = sel.get_practice_for(request.user, pk, sel.can_evaluate)
    existing = PracticeEvaluation.objects.filter(
        practice=practice, evaluator_id=request.user.pk
    ).first()
    form = EvaluationForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluate(
                request.user,
                practice,
                {name: data[name] for name in sel.CRITERIA},
                data.get("comment", ""),
            )
        except services.PracticeError as err:
            form.add_error(err.field if err.field in form.fields else None, err.translated())
        else:
            messages.success(request, _("Thank you: your evaluation is saved."))
            return redirect("practice_detail", pk=practice.pk)
    return render(
        request,
        "district/practice_evaluate.html",
        {
            "practice": practice,
            "title": text(practice, "title", reader_lang()),
            "form": form,
            "existing": existing,
        },
    )


def _only_target(user) -> tuple[str, int] | None:
    """The one firm the user edits or the one district they manage, when there is just one."""
    r = access.roles(user)
    firms = [pk for pk, role in r.firm_roles.items() if role in access.EDITING_ROLES]
    targets = [("firm", pk) for pk in firms] + [("district", pk) for pk in r.managed_districts]
    return targets[0] if len(targets) == 1 else None


def _district_for(user, pk: int) -> District:
    district = get_object_or_404(District, pk=pk)
    if not access.can_view_district(user, district):
        raise Http404("No such district")
    if not access.can_manage_district(user, district):
        raise PermissionDenied
    return district


@login_required
@require_POST
def practice_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    practice = sel.get_practice_for(request.user, pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Who adopts it: choose one firm or one district."))
        return _back(request, practice)
    target = form.target() or _only_target(request.user)
    if target is None:
        messages.error(request, _("Who adopts it: choose one firm or one district."))
        return _back(request, practice)
    kind, target_pk = target
    firm = district = action = None
    if kind == "firm":
        firm = get_firm_for(request.user, target_pk, access.is_editor)
        if form.cleaned_data.get("action"):
            action = ImprovementAction.objects.filter(
                pk=form.cleaned_data["action"], firm=firm
            ).first()
            if action is None:
                messages.error(request, _("Improvement action: choose an action of that firm."))
                return _back(request, practice)
    else:
        district = _district_for(request.user, target_pk)
    try:
        _adoption, created = services.adopt(
            request.user,
            practice,
            firm=firm,
            district=district,
            action=action,
            note=form.cleaned_data.get("note", ""),
        )
    except services.PracticeError as err:
        messages.error(request, err.translated())
        return _back(request, practice)
    who = firm.legal_name if firm is not None else district.name if district else ""
    if created:
        messages.success(request, _("Adopted by %(who)s.") % {"who": who})
    else:
        messages.info(
            request, _("%(who)s had already adopted this practice: nothing changed.") % {"who": who}
        )
    return _back(request, practice)


@login_required
@require_POST
def practice_adoption_delete(request: HttpRequest, pk: int, adoption_pk: int) -> HttpResponse:
    """Withdraw an adoption: the firm's owners and editors, or the district's managers."""
    practice = sel.get_practice_for(request.user, pk)
    adoption = get_object_or_404(
        PracticeAdoption.objects.select_related("firm", "district"),
        pk=adoption_pk,
        practice=practice,
    )
    if adoption.firm_id is not None:
        get_firm_for(request.user, adoption.firm_id, access.is_editor)
    elif adoption.district_id is not None:
        _district_for(request.user, adoption.district_id)
    services.withdraw(request.user, adoption)
    messages.success(request, _("Adoption withdrawn."))
    return _back(request, practice)


urlpatterns: list = [
    path("practices/<int:pk>/evaluate/", practice_evaluate, name="practice_evaluate"),
    path("practices/<int:pk>/adopt/", practice_adopt, name="practice_adopt"),
    path(
        "practices/<int:pk>/adopt/<int:adoption_pk>/delete/",
        practice_adoption_delete,
        name="practice_adoption_delete",
    ),
]
