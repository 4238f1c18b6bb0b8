"""Every read of client data that a view or task needs, scoped through clients.access.

One module per area; the core caseload/search/timeline selectors are re-exported here.
"""

from clients.selectors.core import *  # noqa: F403
from clients.selectors.core import __all__ as _core_all

__all__ = list(_core_all)
