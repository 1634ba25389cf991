"""Editors see every background job in the admin (others see the jobs they started)."""

from django.db import migrations



def editors_see_jobs(apps, schema_editor):
    from importlib import import_module

    import_module("accounts.migrations.0002_newsroom_roles").make_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_job = Permission.objects.get(content_type__app_label="jobs", codename="view_job")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(view_job)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_newsroom_roles"), ("jobs", "0001_jobs_table")]

    operations = [migrations.RunPython(editors_see_jobs, migrations.RunPython.noop)]
