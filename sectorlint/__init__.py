"""sectorlint: lint business-sector comparison content with exact locations."""

__version__ = "0.1.0"
