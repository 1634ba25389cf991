"""The table rate-limit counters live in when no shared cache (Redis) is configured."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates the table of every DatabaseCache in CACHES that does not have one yet
    # ("throttle" unless CACHE_URL/REDIS_URL names a shared cache); nothing otherwise.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("saga_cms", "0004_debris_list_moves_to_translations")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
