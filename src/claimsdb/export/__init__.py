"""Bundles out: a bundle's tables written as a CSV folder, a lone claims CSV, JSON or a workbook,
so that importing them back gives the same database."""
