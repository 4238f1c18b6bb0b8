"""Models for risk: they arrive with the issue that builds this module."""
