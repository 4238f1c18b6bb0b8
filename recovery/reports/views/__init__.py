"""Commissioner report pages: for the service managers of the service only (see ``reports.access``)."""
