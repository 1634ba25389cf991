"""Create the newsroom's groups: Editors, Translators and Reviewers, with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["events", "people", "sources", "images"]
TRANSLATION_MODELS = [
    "sagatranslation", "chaptertranslation", "tagtranslation", "eventtranslation",
    "citationtranslation", "persontranslation", "organizationtranslation",
    "affiliationtranslation", "imagetranslation",
]


def make_permissions_exist(apps):
    # Permissions are normally created after migrate; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    make_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    viewing = content.filter(codename__startswith="view_")
    translating = content.filter(
        content_type__model__in=TRANSLATION_MODELS, codename__regex=r"^(add|change)_"
    )
    translate = Permission.objects.get(content_type__app_label="accounts", codename="translate")
    review = Permission.objects.get(content_type__app_label="accounts", codename="review")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*content, translate, review)
    translators, _ = Group.objects.get_or_create(name="Translators")
    translators.permissions.add(*viewing, *translating, translate)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*viewing, *translating, translate, review)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Translators", "Reviewers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("people", "0001_initial"),
        ("sources", "0001_initial"),
        ("images", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
