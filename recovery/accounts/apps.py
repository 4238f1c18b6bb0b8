"""Staff, services, teams, roles and the access rules every client query goes through."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recovery.accounts"
    label = "accounts"
    verbose_name = "Staff and teams"
