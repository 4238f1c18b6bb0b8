"""Models for clients: they arrive with the issue that builds this module."""
