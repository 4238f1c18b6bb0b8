"""Thin function views for plans. Every client page goes through clients.views.common.open_client."""
