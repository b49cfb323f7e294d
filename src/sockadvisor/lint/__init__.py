"""Catalog lint: checks of loaded data that is valid but wrong, and the search for products
no profile brings into the top N (docs/catalog-format.md#lint)."""
