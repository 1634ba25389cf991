"""Marks for tests that only one database can run."""

import pytest
from django.db import connection


def skip_unless_postgresql(reason: str):
    """Skip the test (or module) unless the suite runs on PostgreSQL, saying ``reason``."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=reason)
