"""stakeholders: pre-wire a change, and know who would be surprised by it."""

__version__ = "0.1.0"
