"""Editors keep the debris list; translators and reviewers read it (their warnings cite it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("saga_cms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    debris = Permission.objects.filter(
        content_type__app_label="saga_cms", content_type__model="debrisphrase"
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*debris)
    for group in Group.objects.filter(name__in=["Translators", "Reviewers"]):
        group.permissions.add(*debris.filter(codename__startswith="view_"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    debris = Permission.objects.filter(
        content_type__app_label="saga_cms", content_type__model="debrisphrase"
    )
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*debris)


class Migration(migrations.Migration):
    dependencies = [
        ("saga_cms", "0002_seed_debris_from_the_seed_article"),
        ("accounts", "0002_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
