"""Benchmarks of Limber: the pure-Python engine, and the production server under load.

Each module runs as ``python -m benchmarks.<name>`` and prints its figures; none asserts a timing.
"""
