"""Activities selectors, one module per area: import the submodules directly."""
