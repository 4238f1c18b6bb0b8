"""Models for activities: they arrive with the issue that builds this module."""
