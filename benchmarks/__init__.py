"""Benchmarks and the synthetic registers they run on."""
