"""Root conftest: shared fixtures for the whole suite."""
