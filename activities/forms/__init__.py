"""Activities forms, one module per area: import the submodules directly."""
