"""Belgium, Wallonia-Brussels Federation (ONE): dated parameters and rules, not a loadable pack."""
