from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.machinery import language_codes
from translations.scope import saga_model
from translations.xliff import export_file_name, export_xliff


class Command(BaseCommand):
    help = (
        "Write a saga's texts as one XLIFF 1.2 file for translation into a language: a "
        "trans-unit per text field of every object of the saga (source text, current "
        "translation and its state). Give the file to a translator or CAT tool, then read "
        "it back with import_xliff."
    )

    def add_arguments(self, parser):
        parser.add_argument("saga", help="The saga's slug, such as openai-2023.")
        parser.add_argument("language", help="The language to translate into, such as en.")
        parser.add_argument(
            "-o",
            "--output",
            default=None,
            help="Where to write the file (default: <saga>.<language>.xlf here; - for stdout).",
        )

    def handle(self, *args, saga, language, output=None, **options):
        if language not in language_codes():
            raise CommandError(
                f"“{language}” is not one of this site's languages ({', '.join(language_codes())})."
            )
        found = saga_model()._default_manager.filter(slug=saga).first()
        if found is None:
            raise CommandError(f"There is no saga “{saga}”.")
        document = export_xliff(found, language)
        if output == "-":
            self.stdout.write(document.decode("utf-8"))
            return
        path = Path(output or export_file_name(found, language))
        try:
            path.write_bytes(document)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        units = document.count(b"<trans-unit ")
        self.stderr.write(self.style.SUCCESS(f"Wrote {units} unit(s) to {path}."))
