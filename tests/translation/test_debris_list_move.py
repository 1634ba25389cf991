"""
The debris list moved from the saga_cms app to the translations app without moving data:
a database migrated before the move keeps its phrases, and the groups' rights on them.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("saga_cms", "0003_debris_list_rights_for_the_newsroom_roles"), ("translation", None)]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_phrases_and_rights():
    old = migrate_to(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    old.get_model("saga_cms", "DebrisPhrase").objects.create(
        phrase="銃撃した", language_code="ja", what_happened="fired translated as gunfire"
    )
    phrases = old.get_model("saga_cms", "DebrisPhrase").objects.count()
    old_type = ContentType.objects.get(app_label="saga_cms", model="debrisphrase")
    editors = Group.objects.create(name="Debris keepers")
    editors.permissions.add(*Permission.objects.filter(content_type=old_type))

    migrate_to(latest())

    from django.contrib.auth.models import Group as LiveGroup
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    from translations.models import DebrisPhrase

    LiveContentType.objects.clear_cache()
    assert DebrisPhrase.objects.count() == phrases
    assert DebrisPhrase.objects.filter(phrase="銃撃した").exists()
    moved = LiveContentType.objects.get_for_model(DebrisPhrase)
    assert moved.pk == old_type.pk
    assert (moved.app_label, moved.model) == ("translation", "debrisphrase")
    assert not LiveContentType.objects.filter(app_label="saga_cms").exists()
    rights = set(
        LiveGroup.objects.get(name="Debris keepers").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert rights == {
        ("translation", f"{action}_debrisphrase") for action in ("add", "change", "delete", "view")
    }


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_without_losing_phrases():
    from translations.models import DebrisPhrase

    DebrisPhrase.objects.create(phrase="解雇した", language_code="ja", what_happened="x")
    phrases = DebrisPhrase.objects.count()
    old = migrate_to(BEFORE)
    assert old.get_model("saga_cms", "DebrisPhrase").objects.count() == phrases
    assert (
        old.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="saga_cms", model="debrisphrase")
        .exists()
    )
    migrate_to(latest())
    assert DebrisPhrase.objects.count() == phrases
