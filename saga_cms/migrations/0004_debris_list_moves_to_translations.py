"""The debris list now belongs to the translations app: forget it here, keep the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("saga_cms", "0003_debris_list_rights_for_the_newsroom_roles"),
        ("translation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DebrisPhrase")],
            database_operations=[],
        ),
    ]
