"""Activities views, one module per area: import the submodules directly."""
