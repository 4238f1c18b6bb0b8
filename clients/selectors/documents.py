"""Reads for the Documents tab and the download view. The caller has opened the client through the access gate."""

from __future__ import annotations

from django.db.models import QuerySet

from clients.models import Client, Document


def current_documents(*, client: Client) -> QuerySet[Document]:
    return (
        client.documents.filter(archived_at__isnull=True).select_related("uploaded_by").order_by("-uploaded_at", "-id")
    )


def archived_documents(*, client: Client) -> QuerySet[Document]:
    return (
        client.documents.filter(archived_at__isnull=False)
        .select_related("uploaded_by", "archived_by")
        .order_by("-archived_at", "-id")
    )


def document_for_client(*, client: Client, code) -> Document:
    """The document with this code belonging to this client (DoesNotExist otherwise, e.g. another client's)."""
    return client.documents.select_related("uploaded_by", "archived_by").get(code=code)
