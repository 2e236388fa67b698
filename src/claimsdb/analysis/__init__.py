"""Analysis of claims as pure, set-based functions over DataFrames (no database, no click)."""
