"""Every read the outcomes views, tasks and registries need, access-scoped by the callers'
client gate (``clients.access.client_for_user``) or by service ids the caller may see."""
