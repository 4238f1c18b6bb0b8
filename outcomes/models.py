"""Models for outcomes: they arrive with the issue that builds this module."""
