"""Benchmarks (not tests): `python bench/run.py` prints a table of figures."""
