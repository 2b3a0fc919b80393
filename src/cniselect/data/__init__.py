"""The capability catalog: its data file, types, loader and validation."""
