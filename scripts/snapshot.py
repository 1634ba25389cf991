"""
Fetch every public answer of the fixtures and write it to a folder, so two checkouts can be
compared byte for byte (``diff -r``): a move of code must not change what readers see.

    .venv/bin/python scripts/snapshot.py /tmp/snap-out

It builds a fresh SQLite database in the output folder (``migrate`` + ``load_fixtures``),
then fetches the sitemap and every page it lists, each saga's feed, every API list (with
``?lang=`` for each language and ``all``, following the pages) and ``/api/schema/``.
"""

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

out = Path(sys.argv[1]).resolve()
out.mkdir(parents=True, exist_ok=True)
db = out / "snapshot.sqlite3"
db.unlink(missing_ok=True)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    DATABASE_URL=f"sqlite:///{db}",
    CACHE_URL="locmemcache://",
    SAGA_API_ANON_RATE="",
    DJANGO_LOG_LEVEL="WARNING",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saga_cms.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

call_command("migrate", verbosity=0)
call_command("load_fixtures", verbosity=0)
client = Client(HTTP_HOST="testserver")
pages = out / "pages"
seen = set()


def save(url, response):
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", url.strip("/")) or "_root"
    (pages / f"{name}.{response.status_code}").write_bytes(response.content)


def fetch(url):
    if url in seen:
        return None
    seen.add(url)
    response = client.get(url)
    save(url, response)
    return response


pages.mkdir(exist_ok=True)
sitemap = fetch("/sitemap.xml").content.decode()
urls = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
for url in ["/", "/robots.txt", *urls]:
    fetch(url)
for url in urls:
    if re.fullmatch(r"/[a-z-]+/sagas/[^/]+/", url):
        fetch(url + "atom.xml")
fetch("/api/schema/")
fetch("/api/v1/")
languages = [code for code, _name in settings.LANGUAGES] + ["all"]
for endpoint in ["sagas", "chapters", "events", "people", "organizations", "sources"]:
    for suffix in ["", *(f"?lang={code}" for code in languages)]:
        url = f"/api/v1/{endpoint}/{suffix}"
        while url:
            response = fetch(url)
            if response is None or response.status_code != 200:
                break
            following = response.json().get("next")
            url = following and following.replace("http://testserver", "")
print(f"{len(seen)} answers written to {pages}")
