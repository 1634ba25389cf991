"""The TimelineJS the site serves is the pinned package's, whole, with its licence."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "events" / "static" / "vendor" / "timelinejs"
PACKAGE = "@knight-lab/timelinejs"
# The vendored file -> where it is in the npm package (see `make vendor`).
FILES = {
    "LICENSE": "LICENSE",
    "package.json": "package.json",
    "js/timeline.js": "dist/js/timeline.js",
    # The source maps both files name: the manifest storage (collectstatic) requires them.
    "js/timeline.js.map": "dist/js/timeline.js.map",
    "css/timeline.css.map": "dist/css/timeline.css.map",
    "js/timeline.js.LICENSE.txt": "dist/js/timeline.js.LICENSE.txt",
    "js/locale/en.json": "dist/js/locale/en.json",
    "js/locale/ja.json": "dist/js/locale/ja.json",
    "css/timeline.css": "dist/css/timeline.css",
    **{
        f"css/icons/tl-icons.{ext}": f"dist/css/icons/tl-icons.{ext}"
        for ext in ("eot", "svg", "ttf", "woff", "woff2")
    },
}


def pinned_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["dependencies"][PACKAGE]


def test_the_pin_is_exact_and_the_lock_file_agrees():
    pinned = pinned_version()
    assert pinned.count(".") == 2 and pinned[0].isdigit(), "pin an exact version"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"][f"node_modules/{PACKAGE}"]["version"] == pinned


def test_the_committed_copy_is_of_the_pinned_version_with_its_licence():
    vendored = json.loads((VENDOR / "package.json").read_text())
    assert (vendored["name"], vendored["version"]) == (PACKAGE, pinned_version())
    assert "Mozilla Public License" in (VENDOR / "LICENSE").read_text()
    assert sorted(
        p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()
    ) == sorted(FILES)


def test_the_committed_copy_matches_the_installed_package_byte_for_byte():
    installed = ROOT / "node_modules" / PACKAGE
    if not installed.exists():
        pytest.skip("npm package not installed here (make vendor installs it)")
    if json.loads((installed / "package.json").read_text())["version"] != pinned_version():
        pytest.skip("node_modules holds another version than the pin: run make vendor")

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    changed = [
        name
        for name, source in FILES.items()
        if digest(VENDOR / name) != digest(installed / source)
    ]
    assert changed == [], f"run `make vendor`: {changed}"


def test_the_site_finds_the_library_among_its_static_files():
    for name in ("js/timeline.js", "css/timeline.css", "js/locale/ja.json", "js/locale/en.json"):
        assert finders.find(f"vendor/timelinejs/{name}"), name


def test_nothing_we_serve_with_it_names_another_host():
    for name in (
        "events/timelinejs-font.css",
        "events/timelinejs-page.js",
        "events/timelinejs.css",
    ):
        code = re.sub(r"/\*.*?\*/", "", Path(finders.find(name)).read_text(), flags=re.S)
        assert "http:" not in code and "https:" not in code and "url(" not in code, name
