"""IO: a choice-driven text adventure and the YAML story engine that runs it."""

__version__ = "1.0.0"
