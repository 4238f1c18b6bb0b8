"""Client record, referrals and episodes, allocation, network, consent, documents, contacts, caseloads, search and timeline."""

from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        from clients import registrations

        registrations.register_all()
