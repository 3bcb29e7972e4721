"""Synthetic data shaped like natokg's, at a chosen size, as a bench-only project directory."""
