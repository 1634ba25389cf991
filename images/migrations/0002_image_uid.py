"""Give images a stable UUID natural key, so dumps with natural keys restore them."""

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    Image = apps.get_model("images", "Image")
    for image in Image.objects.filter(uid__isnull=True).only("pk"):
        image.uid = uuid.uuid4()
        image.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [("images", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="image",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="stable id"),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="image",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="stable id"
            ),
        ),
    ]
