"""natokg: a linked-data knowledge graph of NATO's partnerships."""

__version__ = "0.1.0"
