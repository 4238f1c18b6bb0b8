"""Client documents: upload checks (type, size, disguised files), archive, access-checked download, the tab."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.models import Document
from clients.services import documents as service
from clients.services.documents import document_archive, document_upload
from recovery.audit.models import AccessAction, RecordAccess

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56
RTF = b"{\\rtf1\\ansi Letter from the GP.}"
TXT = "Notes from the housing meeting – Siân agreed the plan.".encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else None)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})

DISGUISED_PDF_MESSAGE = (
    "This file's contents do not match a PDF. Upload a PDF, Word, OpenDocument, RTF, text or image file."
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Files go to a temporary folder that pytest removes, not to .data/test-media.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client_record(open_client_for, worker, team):
    return open_client_for(worker, team, first_name="Isla", last_name="MacLeod")


@pytest.fixture
def other_team_client(open_client_for, other_worker, other_team_same_service):
    return open_client_for(other_worker, other_team_same_service)


def _file(name="GP letter.pdf", data=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _upload(client, by, **fields) -> Document:
    values = {"file": _file(), "title": "Letter from the GP", "category": "letter", **fields}
    return document_upload(client=client, by=by, **values)


def _refusal(client, by, upload) -> list[str]:
    with pytest.raises(ValidationError) as error:
        document_upload(client=client, by=by, file=upload)
    assert not Document.objects.exists()
    return error.value.message_dict["file"]


def _url(name, client, *args):
    return reverse(f"clients:{name}", args=[client.code, *args])


# --- uploads -------------------------------------------------------------------------------------


def test_it_accepts_a_pdf(client_record, worker):
    document = _upload(client_record, worker)

    document.refresh_from_db()
    assert (document.title, document.category, document.uploaded_by) == ("Letter from the GP", "letter", worker)
    assert (document.content_type, document.size_bytes, document.original_name) == (
        "application/pdf",
        len(PDF),
        "GP letter.pdf",
    )
    with document.file.open("rb") as stored:
        assert stored.read() == PDF


def test_it_stores_the_file_under_a_random_name_in_the_clients_folder(client_record, worker):
    document = _upload(client_record, worker)

    assert document.file.name.startswith(f"clients/{client_record.code}/")
    assert "GP letter" not in document.file.name
    assert default_storage.exists(document.file.name)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "stored_type"),
    [
        ("plan.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", None),
        ("plan.odt", ODT, "application/vnd.oasis.opendocument.text", None),
        ("plan.doc", DOC, "application/msword", None),
        ("letter.rtf", RTF, "text/rtf", "application/rtf"),
        ("notes.txt", TXT, "text/plain", "text/plain; charset=utf-8"),
        ("photo.JPG", JPEG, "image/jpeg", None),
        ("scan.png", PNG, "image/png", None),
        ("scan.pdf", PDF, "application/octet-stream", "application/pdf"),
    ],
)
def test_it_accepts_each_allowed_kind_of_file(client_record, worker, name, data, content_type, stored_type):
    document = _upload(client_record, worker, file=_file(name, data, content_type))

    assert document.content_type == (stored_type or content_type)


def test_it_refuses_a_file_with_an_extension_it_does_not_take(client_record, worker):
    errors = _refusal(client_record, worker, _file("setup.exe", EXE, "application/x-msdownload"))

    assert errors == [service.WRONG_EXTENSION_MESSAGE]


def test_it_refuses_a_file_with_no_extension(client_record, worker):
    errors = _refusal(client_record, worker, _file("letter", PDF))

    assert errors == [service.WRONG_EXTENSION_MESSAGE]


def test_it_refuses_a_web_page_renamed_with_a_second_extension(client_record, worker):
    errors = _refusal(client_record, worker, _file("letter.pdf.html", HTML, "text/html"))

    assert errors == [service.WRONG_EXTENSION_MESSAGE]


def test_it_refuses_a_file_that_is_too_big(client_record, worker):
    too_big = PDF + b"0" * (service.MAX_UPLOAD_BYTES + 1 - len(PDF))

    errors = _refusal(client_record, worker, _file("big.pdf", too_big))

    assert errors == ["The selected file must be smaller than 10 MB."]


def test_it_accepts_a_file_of_exactly_the_size_limit(client_record, worker):
    just_fits = PDF + b"0" * (service.MAX_UPLOAD_BYTES - len(PDF))

    document = _upload(client_record, worker, file=_file("big.pdf", just_fits))

    assert document.size_bytes == service.MAX_UPLOAD_BYTES


def test_it_refuses_a_web_page_disguised_as_a_pdf(client_record, worker):
    errors = _refusal(client_record, worker, _file("letter.pdf", HTML, "application/pdf"))

    assert errors == [DISGUISED_PDF_MESSAGE]


def test_it_refuses_a_program_disguised_as_a_pdf(client_record, worker):
    errors = _refusal(client_record, worker, _file("letter.pdf", EXE, "application/pdf"))

    assert errors == [DISGUISED_PDF_MESSAGE]


def test_it_refuses_a_pdf_the_browser_says_is_a_web_page(client_record, worker):
    errors = _refusal(client_record, worker, _file("letter.pdf", PDF, "text/html"))

    assert errors == [DISGUISED_PDF_MESSAGE]


def test_it_refuses_a_zip_that_is_not_a_word_document(client_record, worker):
    errors = _refusal(client_record, worker, _file("plan.docx", _zip({"payload.exe": EXE}), "application/zip"))

    assert errors == [
        "This file's contents do not match a Word document. Upload a PDF, Word, OpenDocument, RTF, text or image file."
    ]


def test_it_refuses_a_text_file_that_is_not_text(client_record, worker):
    errors = _refusal(client_record, worker, _file("notes.txt", EXE, "text/plain"))

    assert errors == [
        "This file's contents do not match a text file. Upload a PDF, Word, OpenDocument, RTF, text or image file."
    ]


def test_it_refuses_an_empty_file(client_record, worker):
    errors = _refusal(client_record, worker, _file("letter.pdf", b""))

    assert errors == [service.EMPTY_MESSAGE]


def test_it_keeps_only_a_safe_file_name(client_record, worker):
    document = _upload(client_record, worker, file=_file('..\\..\\evil"; name=x\r\n.pdf', PDF))

    assert document.original_name == "evil_ name_x.pdf"


def test_it_titles_a_document_after_its_file_when_no_title_is_given(client_record, worker):
    document = _upload(client_record, worker, title="  ", file=_file("Housing_letter.pdf"))

    assert document.title == "Housing letter"


# --- archiving -----------------------------------------------------------------------------------


def test_it_archives_a_document_with_a_reason_and_keeps_the_file(client_record, worker):
    document = _upload(client_record, worker)

    document_archive(document=document, by=worker, reason="Uploaded to the wrong record.")

    document.refresh_from_db()
    assert (document.archived_by, document.archive_reason) == (worker, "Uploaded to the wrong record.")
    assert document.archived_at is not None
    assert default_storage.exists(document.file.name)


def test_it_needs_a_reason_to_archive_a_document(client_record, worker):
    document = _upload(client_record, worker)

    with pytest.raises(ValidationError) as error:
        document_archive(document=document, by=worker, reason="")

    assert "reason" in error.value.message_dict
    document.refresh_from_db()
    assert document.archived_at is None


# --- the Documents tab and upload view -----------------------------------------------------------


def test_it_shows_the_documents_tab(client_for, worker, client_record):
    _upload(client_record, worker, title="Letter from the GP")

    response = client_for(worker).get(_url("documents", client_record))

    assert response.status_code == 200
    assert "Letter from the GP" in response.content.decode()


def test_it_lists_archived_documents_apart(client_for, worker, client_record):
    kept = _upload(client_record, worker, title="Tenancy agreement")
    archived = _upload(client_record, worker, title="Old letter")
    document_archive(document=archived, by=worker, reason="Replaced by a newer letter.")

    response = client_for(worker).get(_url("documents", client_record))

    assert [d.pk for d in response.context["documents"]] == [kept.pk]
    assert [d.pk for d in response.context["archived"]] == [archived.pk]


def test_it_refuses_a_post_to_the_documents_tab(client_for, worker, client_record):
    response = client_for(worker).post(_url("documents", client_record))

    assert response.status_code == 405


def test_it_hides_another_teams_documents(client_for, worker, other_team_client):
    response = client_for(worker).get(_url("documents", other_team_client))

    assert response.status_code == 404


# Queries, whatever the number of documents: the shared ones (session, user, allauth's user session,
# the client, the scope, the header with one query per flag source, the page log, session save)
# plus two of this tab's own: current documents and archived documents, each with the staff joined.
def test_it_lists_documents_in_the_same_number_of_queries_for_1_or_5(client_for, worker, client_record, queries_for):
    browser = client_for(worker)
    url = _url("documents", client_record)

    def add_rows():
        _upload(client_record, worker)
        document_archive(document=_upload(client_record, worker), by=worker, reason="Duplicate.")

    add_rows()
    _, one = queries_for(browser, url)
    for _ in range(4):
        add_rows()

    response, five = queries_for(browser, url)

    assert (len(response.context["documents"]), len(response.context["archived"])) == (5, 5)
    assert len(five) == len(one), "\n".join(five)


def test_it_uploads_a_document_through_the_form(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("document_upload", client_record), {"file": _file(), "title": "", "category": "assessment"}
    )

    assert response.status_code == 302
    document = Document.objects.get(client=client_record)
    assert (document.title, document.category, document.uploaded_by) == ("GP letter", "assessment", worker)


def test_it_shows_a_disguised_file_refusal_next_to_the_file_field(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("document_upload", client_record),
        {"file": _file("letter.pdf", HTML, "application/pdf"), "title": "Letter", "category": "letter"},
    )

    assert response.status_code == 422
    assert response.context["upload_form"].errors["file"] == [DISGUISED_PDF_MESSAGE]
    assert 'id="id_file_error"' in response.content.decode()
    assert not Document.objects.exists()


def test_it_asks_for_a_file_when_none_is_chosen(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("document_upload", client_record), {"title": "Letter", "category": "letter"}
    )

    assert response.status_code == 422
    assert response.context["upload_form"].errors["file"] == [service.NO_FILE_MESSAGE]


def test_it_shows_an_empty_file_refusal_next_to_the_file_field(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("document_upload", client_record), {"file": _file("letter.pdf", b""), "category": "letter"}
    )

    assert response.status_code == 422
    assert response.context["upload_form"].errors["file"] == [service.EMPTY_MESSAGE]


def test_it_refuses_a_get_to_the_upload_view(client_for, worker, client_record):
    response = client_for(worker).get(_url("document_upload", client_record))

    assert response.status_code == 405


def test_it_refuses_an_upload_by_a_read_only_member(client_for, read_only, client_record):
    response = client_for(read_only).post(
        _url("document_upload", client_record), {"file": _file(), "category": "letter"}
    )

    assert response.status_code == 403
    assert not Document.objects.exists()


def test_it_hides_another_teams_client_from_an_upload(client_for, worker, other_team_client):
    response = client_for(worker).post(
        _url("document_upload", other_team_client), {"file": _file(), "category": "letter"}
    )

    assert response.status_code == 404
    assert not Document.objects.exists()


# --- download ------------------------------------------------------------------------------------


def test_it_downloads_a_document_as_an_attachment(client_for, worker, client_record):
    document = _upload(client_record, worker, file=_file("GP letter.pdf"))

    response = client_for(worker).get(_url("document_download", client_record, document.code))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="GP letter.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_stops_a_downloaded_document_being_cached(client_for, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(worker).get(_url("document_download", client_record, document.code))

    assert "no-store" in response["Cache-Control"]


def test_it_logs_who_downloaded_a_document(client_for, worker, client_record):
    document = _upload(client_record, worker, title="Letter from the GP")

    client_for(worker).get(_url("document_download", client_record, document.code))

    access = RecordAccess.objects.get(user=worker, subject_code=client_record.code)
    assert (access.action, access.detail) == (AccessAction.VIEWED, "document Letter from the GP")


def test_it_hides_another_teams_document(client_for, worker, other_worker, other_team_client):
    document = _upload(other_team_client, other_worker)

    response = client_for(worker).get(_url("document_download", other_team_client, document.code))

    assert response.status_code == 404


def test_it_hides_another_clients_document_under_this_clients_address(
    client_for, worker, client_record, make_client, team
):
    document = _upload(make_client(team, by=worker), worker)

    response = client_for(worker).get(_url("document_download", client_record, document.code))

    assert response.status_code == 404


def test_it_refuses_a_post_to_the_download_view(client_for, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(worker).post(_url("document_download", client_record, document.code))

    assert response.status_code == 405


def test_it_lets_a_read_only_member_download_a_document(client_for, read_only, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(read_only).get(_url("document_download", client_record, document.code))

    assert response.status_code == 200


def test_it_lets_a_team_leader_download_an_archived_document(client_for, team_leader, worker, client_record):
    document = _upload(client_record, worker)
    document_archive(document=document, by=worker, reason="Replaced.")

    response = client_for(team_leader).get(_url("document_download", client_record, document.code))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_it_does_not_let_a_worker_download_an_archived_document(client_for, worker, client_record):
    document = _upload(client_record, worker)
    document_archive(document=document, by=worker, reason="Replaced.")

    response = client_for(worker).get(_url("document_download", client_record, document.code))

    assert response.status_code == 404


# --- archive view --------------------------------------------------------------------------------


def test_it_archives_a_document_through_the_form(client_for, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(worker).post(
        _url("document_archive", client_record, document.code), {"reason": "Uploaded to the wrong record."}
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.archive_reason == "Uploaded to the wrong record."


def test_it_asks_for_a_reason_before_archiving(client_for, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(worker).post(_url("document_archive", client_record, document.code), {"reason": ""})

    assert response.status_code == 422
    document.refresh_from_db()
    assert document.archived_at is None


def test_it_refuses_a_read_only_member_archiving_a_document(client_for, read_only, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(read_only).post(
        _url("document_archive", client_record, document.code), {"reason": "Not needed."}
    )

    assert response.status_code == 403
    document.refresh_from_db()
    assert document.archived_at is None


def test_it_refuses_a_delete_of_a_document(client_for, worker, client_record):
    document = _upload(client_record, worker)

    response = client_for(worker).delete(_url("document_archive", client_record, document.code))

    assert response.status_code == 405
    assert Document.objects.filter(pk=document.pk, archived_at__isnull=True).exists()


def test_it_hides_another_teams_document_from_archiving(client_for, worker, other_worker, other_team_client):
    document = _upload(other_team_client, other_worker)

    response = client_for(worker).get(_url("document_archive", other_team_client, document.code))

    assert response.status_code == 404
