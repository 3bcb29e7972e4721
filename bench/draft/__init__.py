"""Drafting time per page and per kB (``python -m bench.draft``)."""
