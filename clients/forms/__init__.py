"""Forms for the clients app, one module per area; the core ones are re-exported here."""

from clients.forms.core import (
    DATE_INPUT,
    DATETIME_INPUT,
    AmendmentForm,
    BreakGlassForm,
    ClientForm,
    ClientLinkForm,
    ContactForm,
    DisputeForm,
    NewClientForm,
    ReallocateForm,
)

__all__ = [
    "DATETIME_INPUT",
    "DATE_INPUT",
    "AmendmentForm",
    "BreakGlassForm",
    "ClientForm",
    "ClientLinkForm",
    "ContactForm",
    "DisputeForm",
    "NewClientForm",
    "ReallocateForm",
]
