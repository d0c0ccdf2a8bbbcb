from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from filiera.accounts import services as account_services
from filiera.accounts.forms import DistrictInviteForm, FirmInviteForm
from filiera.registry import access, services
from filiera.registry.models import DistrictMembership, FirmMembership
from filiera.registry.views.district import get_district_for
from filiera.registry.views.firms import get_firm_for


@login_required
def firm_members(request: HttpRequest, pk: int) -> HttpResponse:
    """People of a firm: invite, change role, remove. For owners and district managers."""
    firm = get_firm_for(request.user, pk, access.can_manage_firm_members)
    form = FirmInviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite" and form.is_valid():
            _send_invitation(request, form, firm=firm, firm_role=form.cleaned_data["role"])
            return redirect("firm_members", firm.pk)
        if action in ("role", "remove"):
            membership = get_object_or_404(
                FirmMembership, pk=request.POST.get("membership"), firm=firm
            )
            try:
                if action == "remove":
                    services.remove_firm_member(request.user, membership)
                    messages.success(request, _("Person removed."))
                else:
                    role = request.POST.get("role")
                    if role not in FirmMembership.Role.values:
                        messages.error(request, _("Choose a valid role."))
                    else:
                        services.change_firm_role(request.user, membership, role)
                        messages.success(request, _("Role changed."))
            except services.LastOwnerError:
                messages.error(request, _("A firm must keep at least one owner."))
            access.forget_roles(request.user)
            return redirect("firm_members", firm.pk)
    return render(
        request,
        "registry/firm_members.html",
        {
            "firm": firm,
            "form": form,
            "memberships": firm.memberships.select_related("user").order_by("role", "user__email"),
            "pending": firm.invitations.filter(accepted_at__isnull=True),
            "roles_choices": FirmMembership.Role.choices,
        },
    )


def _send_invitation(request: HttpRequest, form, **target) -> None:
    account_services.invite(
        request.user,
        form.cleaned_data["email"],
        base_url=request.build_absolute_uri("/")[:-1],
        **target,
    )
    messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)


@login_required
def district_members(request: HttpRequest, slug: str) -> HttpResponse:
    """District staff: managers invite managers and verifiers, and remove them."""
    district = get_district_for(request.user, slug, access.can_manage_district)
    form = DistrictInviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        if request.POST.get("action") == "invite" and form.is_valid():
            _send_invitation(
                request, form, district=district, district_role=form.cleaned_data["role"]
            )
            return redirect("district_members", district.slug)
        if request.POST.get("action") == "remove":
            membership = get_object_or_404(
                DistrictMembership, pk=request.POST.get("membership"), district=district
            )
            if membership.user_id == request.user.pk:
                messages.error(request, _("You cannot remove yourself."))
            else:
                services.remove_district_member(request.user, membership)
                messages.success(request, _("Person removed."))
            return redirect("district_members", district.slug)
    return render(
        request,
        "registry/district_members.html",
        {
            "district": district,
            "form": form,
            "memberships": district.memberships.select_related("user").order_by(
                "role", "user__email"
            ),
        },
    )
