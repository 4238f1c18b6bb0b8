"""Models for plans: they arrive with the issue that builds this module."""
