"""
Synthetic sagas at any scale, for benchmarks and load tests (``manage.py generate_saga``).

``vocabulary`` holds the words and sentence patterns (Japanese and English pairs),
``texts`` composes an event's texts from them, ``generator`` draws and writes the saga.
"""

from bench.synthetic.generator import (
    default_chapter_count,
    generated_prefix,
    synthetic_saga_create,
    synthetic_saga_delete,
)

__all__ = [
    "default_chapter_count",
    "generated_prefix",
    "synthetic_saga_create",
    "synthetic_saga_delete",
]
