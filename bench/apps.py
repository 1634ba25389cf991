from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development only: the benchmark's synthetic saga generator (``generate_saga``)."""

    name = "bench"
    verbose_name = "Benchmark"
