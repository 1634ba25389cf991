"""
Fill a .po catalogue's translations from JSON files of {msgid: msgstr}.

Usage: python locale/fill_po.py locale/ja/LC_MESSAGES/django.po locale/ja-*.json
Prints the entries still untranslated; exits 1 if there are any.
"""

import json
import sys

import polib


def main(po_path: str, *json_paths: str) -> int:
    table = {}
    for path in json_paths:
        with open(path, encoding="utf-8") as handle:
            table.update(json.load(handle))
    catalogue = polib.pofile(po_path)
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[entry.msgid]}
            else:
                entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not (entry.msgstr or entry.msgstr_plural.get(0)):
            missing.append(entry.msgid)
    catalogue.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{po_path}: {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
