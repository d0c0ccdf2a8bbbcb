"""A network's members (district managers), shared services and projects, and documents
(managers and the lead firm's owners and editors change them; whoever sees the network reads
them and downloads the documents)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from filiera.core.downloads import OCTET_STREAM, stored_file
from filiera.core.uploads import size_limited, too_large
from filiera.district import networks_access as access
from filiera.district.forms_networks import (
    DocumentForm,
    MemberAddForm,
    MemberForm,
    ProjectForm,
    ServiceForm,
    show_error,
)
from filiera.district.models import NetworkDocument, NetworkMember, NetworkProject, NetworkService
from filiera.district.services import networks as services
from filiera.district.services import networks_documents as documents

StrOrPromise = str | Promise

# Members ------------------------------------------------------------------------------------


def _member_forms(network, bound: dict | None = None) -> list[tuple[NetworkMember, MemberForm]]:
    bound = bound or {}
    return [
        (
            member,
            bound.get(member.pk)
            or MemberForm(
                initial={"role": member.role, "joined_on": member.joined_on},
                prefix=f"m{member.pk}",
            ),
        )
        for member in network.members.select_related("firm")
    ]


def _members_page(request, network, add_form=None, bound=None) -> HttpResponse:
    return render(
        request,
        "district/network_members.html",
        {
            "network": network,
            "district": network.district,
            "add_form": add_form or MemberAddForm(),
            "members": _member_forms(network, bound),
        },
    )


@login_required
def network_members(request: HttpRequest, pk: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_manage_network)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            firm = services.find_firm(network.district, data["firm"])
            services.add_member(request.user, network, firm, data["role"], data["joined_on"])
        except services.NetworkError as err:
            show_error(form, err)
        else:
            messages.success(request, _("%(firm)s joined the network.") % {"firm": firm})
            return redirect("network_members", network.pk)
    return _members_page(request, network, form)


def _member(network, member_id: int) -> NetworkMember:
    return get_object_or_404(
        NetworkMember.objects.select_related("firm"), pk=member_id, network=network
    )


@login_required
@require_POST
def network_member_edit(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_manage_network)
    member = _member(network, member_id)
    form = MemberForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services.change_member(
                request.user, member, form.cleaned_data["role"], form.cleaned_data["joined_on"]
            )
        except services.NetworkError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("network_members", network.pk)
    return _members_page(request, network, bound={member.pk: form})


@login_required
@require_POST
def network_member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_manage_network)
    member = _member(network, member_id)
    try:
        services.remove_member(request.user, member)
    except services.NetworkError as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _("%(firm)s left the network.") % {"firm": member.firm})
    return redirect("network_members", network.pk)


# Services and projects ----------------------------------------------------------------------


@dataclass(frozen=True)
class Items:
    """One kind of the network's entries: shared services or projects."""

    model: type[Model]
    form: type
    save: Callable
    name: str  # URL names: network_<name>s, network_<name>_edit, network_<name>_delete
    heading: StrOrPromise
    added: StrOrPromise


SERVICES = Items(
    NetworkService,
    ServiceForm,
    services.save_service,
    "service",
    _lazy("Shared services"),
    _lazy("Service added."),
)
PROJECTS = Items(
    NetworkProject,
    ProjectForm,
    services.save_project,
    "project",
    _lazy("Projects"),
    _lazy("Project added."),
)


def _items_page(request: HttpRequest, pk: int, items: Items) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_edit_network)
    form = items.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            items.save(request.user, network, form.cleaned_data)
        except services.NetworkError as err:
            show_error(form, err)
        else:
            messages.success(request, str(items.added))
            return redirect(f"network_{items.name}s", network.pk)
    rows = items.model._default_manager.filter(network=network)  # type: ignore[attr-defined]
    return render(
        request,
        "district/network_items.html",
        {"network": network, "items": items, "rows": rows, "form": form},
    )


def _item_edit(request: HttpRequest, pk: int, item_id: int, items: Items) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_edit_network)
    item = get_object_or_404(items.model, pk=item_id, network=network)
    initial = {name: getattr(item, name) for name in items.form.names}  # type: ignore[attr-defined]
    form = items.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            items.save(request.user, network, form.cleaned_data, item)
        except services.NetworkError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(f"network_{items.name}s", network.pk)
    return render(
        request,
        "district/network_item_form.html",
        {"network": network, "items": items, "item": item, "form": form},
    )


def _item_delete(request: HttpRequest, pk: int, item_id: int, items: Items) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_edit_network)
    item = get_object_or_404(items.model, pk=item_id, network=network)
    services.delete_item(request.user, item)  # type: ignore[arg-type]
    messages.success(request, _("Deleted."))
    return redirect(f"network_{items.name}s", network.pk)


@login_required
def network_services(request: HttpRequest, pk: int) -> HttpResponse:
    return _items_page(request, pk, SERVICES)


@login_required
def network_service_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    return _item_edit(request, pk, item_id, SERVICES)


@login_required
@require_POST
def network_service_delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    return _item_delete(request, pk, item_id, SERVICES)


@login_required
def network_projects(request: HttpRequest, pk: int) -> HttpResponse:
    return _items_page(request, pk, PROJECTS)


@login_required
def network_project_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    return _item_edit(request, pk, item_id, PROJECTS)


@login_required
@require_POST
def network_project_delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    return _item_delete(request, pk, item_id, PROJECTS)


# Documents ----------------------------------------------------------------------------------


def max_bytes() -> int:
    """What the upload guard lets through: the largest document and room for the form."""
    return settings.EVIDENCE_MAX_BYTES + 64 * 1024


@size_limited(max_bytes)
@login_required
def network_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_edit_network)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and too_large(request):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            "file",
            _("File: the file is larger than %(max)s.")
            % {"max": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
        )
    elif request.method == "POST" and form.is_valid():
        try:
            documents.add_document(
                request.user, network, form.cleaned_data["title"], form.cleaned_data["file"]
            )
        except services.NetworkError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Document added."))
            return redirect("network_detail", network.pk)
    return render(
        request,
        "district/network_document_form.html",
        {
            "network": network,
            "form": form,
            "max_size": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        },
    )


def _document(network, doc_id: int) -> NetworkDocument:
    return get_object_or_404(NetworkDocument, pk=doc_id, network=network)


@login_required
def network_document(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    """The stored file, as a download, to whoever may see the network."""
    network = access.network_for(request.user, pk)
    document = _document(network, doc_id)
    return stored_file(
        document.file, name=document.file_name, content_type=document.content_type or OCTET_STREAM
    )


@login_required
@require_POST
def network_document_delete(request: HttpRequest, pk: int, doc_id: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_edit_network)
    documents.delete_document(request.user, _document(network, doc_id))
    messages.success(request, _("Document deleted."))
    return redirect("network_detail", network.pk)


urlpatterns: list = [
    path("networks/<int:pk>/members/", network_members, name="network_members"),
    path(
        "networks/<int:pk>/members/<int:member_id>/",
        network_member_edit,
        name="network_member_edit",
    ),
    path(
        "networks/<int:pk>/members/<int:member_id>/remove/",
        network_member_remove,
        name="network_member_remove",
    ),
    path("networks/<int:pk>/services/", network_services, name="network_services"),
    path(
        "networks/<int:pk>/services/<int:item_id>/",
        network_service_edit,
        name="network_service_edit",
    ),
    path(
        "networks/<int:pk>/services/<int:item_id>/delete/",
        network_service_delete,
        name="network_service_delete",
    ),
    path("networks/<int:pk>/projects/", network_projects, name="network_projects"),
    path(
        "networks/<int:pk>/projects/<int:item_id>/",
        network_project_edit,
        name="network_project_edit",
    ),
    path(
        "networks/<int:pk>/projects/<int:item_id>/delete/",
        network_project_delete,
        name="network_project_delete",
    ),
    path(
        "networks/<int:pk>/documents/new/",
        network_document_upload,
        name="network_document_upload",
    ),
    path(
        "networks/<int:pk>/documents/<int:doc_id>/",
        network_document,
        name="network_document",
    ),
    path(
        "networks/<int:pk>/documents/<int:doc_id>/delete/",
        network_document_delete,
        name="network_document_delete",
    ),
]
