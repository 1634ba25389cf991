"""
The machine-translation debris list moves from the saga_cms app to this one.

Only Django's picture of the models changes: the table keeps its name
(``saga_cms_debrisphrase``), so no row moves. The content type follows the model (renamed,
not recreated), so the groups' permissions on the list and any django-reversion version of
a phrase keep pointing at it.
"""

from django.db import migrations, models


def follow_the_model(apps, schema_editor, old="saga_cms", new="translation"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moving = ContentType.objects.using(db).filter(app_label=old, model="debrisphrase")
    if not moving.exists():
        return  # a database where the model never lived under the old label
    # A row made for the new label (by an earlier run) would be empty: the old one wins.
    ContentType.objects.using(db).filter(app_label=new, model="debrisphrase").delete()
    moving.update(app_label=new)


def follow_back(apps, schema_editor):
    follow_the_model(apps, schema_editor, old="translation", new="saga_cms")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("saga_cms", "0003_debris_list_rights_for_the_newsroom_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DebrisPhrase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phrase', models.CharField(help_text='The words as they appear in a bad translation. Spaces match any spacing, including none.', max_length=200, verbose_name='phrase')),
                        ('is_pattern', models.BooleanField(default=False, help_text="Read the phrase as a Python regular expression, for debris that is only debris in some places (a link's text spliced into a sentence).", verbose_name='regular expression')),
                        ('language_code', models.CharField(blank=True, help_text='The language of the texts it appears in; empty for every language.', max_length=15, verbose_name='language')),
                        ('what_happened', models.CharField(help_text='Such as “‘fired’ translated as gunfire”.', max_length=300, verbose_name='what happened')),
                        ('meaning', models.CharField(blank=True, help_text='What the text should say instead, such as 解任した.', max_length=300, verbose_name='correct meaning')),
                        ('is_active', models.BooleanField(default=True, verbose_name='checked')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ],
                    options={
                        'verbose_name': 'machine-translation debris',
                        'verbose_name_plural': 'machine-translation debris',
                        'db_table': 'saga_cms_debrisphrase',
                        'ordering': ['language_code', 'phrase'],
                        'constraints': [models.UniqueConstraint(fields=('phrase', 'language_code'), name='debris_phrase_unique_per_language', violation_error_message='This phrase is already on the list.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(follow_the_model, follow_back),
    ]
