"""The Documents tab: upload (checked), list, archive, and download through an access-checked view.

Files are never served from MEDIA_URL: the only way to a file is ``document_download``,
which goes through the access gate, logs the read and sends the file as an attachment.
Archived documents stay downloadable for team leaders and service managers only
(for a subject access request or a dispute); for everyone else they are listed, not opened.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import can_lead_client, client_for_user
from clients.forms.documents import DocumentUploadForm
from clients.forms.network import ReasonForm
from clients.models import Document
from clients.selectors import documents as selectors
from clients.services import documents as services
from clients.views.common import client_context, open_client
from recovery.audit.models import AccessAction
from recovery.audit.services import record_access_log
from recovery.core.forms import apply_service_errors


def _document(client, document_code) -> Document:
    try:
        return selectors.document_for_client(client=client, code=document_code)
    except Document.DoesNotExist:
        raise Http404 from None


def _documents_page(request: HttpRequest, client, form: DocumentUploadForm, *, status: int = 200) -> HttpResponse:
    context = client_context(
        request,
        client,
        documents=list(selectors.current_documents(client=client)),
        archived=list(selectors.archived_documents(client=client)),
        upload_form=form,
        max_upload_mb=services.MAX_UPLOAD_BYTES // (1024 * 1024),
    )
    return render(request, "clients/documents/documents.html", context, status=status)


@require_GET
@login_required
def documents(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="documents")
    return _documents_page(request, client, DocumentUploadForm())


@require_POST
@login_required
def document_upload(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="upload document", for_change=True)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_upload(
                client=client,
                by=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"\u201c{document.title}\u201d uploaded.")
            return redirect("clients:documents", code=client.code)
    return _documents_page(request, client, form, status=422)


@require_GET
@login_required
def document_download(request: HttpRequest, code, document_code) -> FileResponse:
    # The gate without open_client's page log: the read is logged below, naming the document.
    client = client_for_user(request.user, code)
    document = _document(client, document_code)
    if document.archived_at is not None and not can_lead_client(request.user, client):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file could not be found in storage.") from None
    record_access_log(
        request=request, subject_code=client.code, action=AccessAction.VIEWED, detail=f"document {document.title}"
    )
    # Always an attachment, with the type we checked and stored: never rendered in our origin.
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def document_archive(request: HttpRequest, code, document_code) -> HttpResponse:
    client = open_client(request, code, detail="archive document", for_change=True)
    document = _document(client, document_code)
    if document.archived_at is not None:
        raise Http404
    form = ReasonForm(
        request.POST or None,
        label="Why is this document being archived?",
        help_text="For example: uploaded to the wrong record, or replaced by a newer version.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_archive(document=document, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"\u201c{document.title}\u201d archived. It is kept and listed under archived documents."
            )
            return redirect("clients:documents", code=client.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "clients/documents/archive.html",
        client_context(request, client, document=document, form=form),
        status=status,
    )
