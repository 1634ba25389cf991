import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

CONTENT_APPS = ["events", "people", "sources", "images"]


class Command(BaseCommand):
    help = (
        "Create the editor account a newcomer logs in with. The username and password come "
        "from SAGA_EDITOR_USERNAME / SAGA_EDITOR_PASSWORD (or the options); without a "
        "password one is generated and printed. An existing account is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=None, help="Default: $SAGA_EDITOR_USERNAME or 'editor'."
        )
        parser.add_argument(
            "--password", default=None, help="Default: $SAGA_EDITOR_PASSWORD or generated."
        )
        parser.add_argument("--email", default="", help="The account's e-mail address.")

    @transaction.atomic
    def handle(self, *args, username=None, password=None, email="", **options):
        username = username or os.environ.get("SAGA_EDITOR_USERNAME") or "editor"
        password = password or os.environ.get("SAGA_EDITOR_PASSWORD")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not password:
            self.stdout.write(
                f"Editor account “{username}” already exists (reset its password with "
                f"`manage.py changepassword {username}`)."
            )
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, email=email)
        elif not user.is_staff:
            raise CommandError(f"“{username}” exists and is not staff; choose another username.")
        user.is_staff = True
        user.set_password(password)
        user.save()
        self.grant_editor_rights(user)
        self.stdout.write(self.style.SUCCESS(f"Editor account: {username}"))
        if generated:
            self.stdout.write(self.style.SUCCESS(f"Password (generated, shown once): {password}"))

    def grant_editor_rights(self, user):
        editors = Group.objects.filter(name="Editors").first()
        if editors is not None:
            user.groups.add(editors)
        else:
            user.user_permissions.add(
                *Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
            )
