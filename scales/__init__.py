"""Shipped scale definitions (YAML data files); this module only marks the package."""
