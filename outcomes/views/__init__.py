"""Thin function views for outcomes: client pages, tablet hand-over, service level and settings."""
