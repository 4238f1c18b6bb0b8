"""Upload form for a client's documents. The file checks live in clients.services.documents;
the form runs them too so that the message appears next to the file field."""

from __future__ import annotations

from django import forms

from clients import choices
from clients.services.documents import (
    ALLOWED_EXTENSIONS,
    EMPTY_MESSAGE,
    MAX_UPLOAD_BYTES,
    NO_FILE_MESSAGE,
    check_upload,
)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=f"A PDF, Word, OpenDocument, RTF, text (TXT), JPG or PNG file, up to "
        f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": NO_FILE_MESSAGE, "empty": EMPTY_MESSAGE, "missing": NO_FILE_MESSAGE},
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )
    title = forms.CharField(
        max_length=150,
        required=False,
        help_text="Leave empty to use the file's name, for example \u201cGP letter\u201d.",
    )
    category = forms.ChoiceField(label="Kind of document", choices=choices.DOCUMENT_CATEGORY, initial="other")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload
