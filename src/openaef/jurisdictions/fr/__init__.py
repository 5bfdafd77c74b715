"""France (départements' child welfare service): dated parameters and rules, not a loadable pack."""
