"""Thin function views for risk: each client page goes through ``clients.views.common.open_client``."""
