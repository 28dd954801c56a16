"""Benchmarks: ``bench_<topic>.py`` modules exposing ``run()``; ``python -m benchmarks.run`` runs all."""
