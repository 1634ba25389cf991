"""Change one event's text, as an editor fixing a typo would (the "after one edit" column)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Event


class Command(BaseCommand):
    help = "Change the text of one published event of a saga (the one in the middle)."

    def add_arguments(self, parser):
        parser.add_argument("--saga", required=True, help="Slug of the saga.")

    @transaction.atomic
    def handle(self, *args, saga, **options):
        events = Event.objects.published().filter(saga__slug=saga).order_by("start_at", "pk")
        count = events.count()
        if not count:
            raise CommandError(f"The saga “{saga}” has no published event.")
        event = events[count // 2]
        row = event.translations.order_by("language_code").first()
        if row is None:
            raise CommandError(f"The event “{event.slug}” has no text.")
        row.headline = f"{row.headline} (edited)"
        row.save()
        self.stdout.write(f"edited {event.slug} [{row.language_code}]")
