"""Activities services, one module per area: import the submodules directly."""
