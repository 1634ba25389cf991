"""Small helpers for the translation tests."""

import xml.etree.ElementTree as ET

from translations.xliff import XLIFF_NS

LETTER = "events.event:openai-2023/letter:headline"


def fresh(row):
    """Return ``row`` as stored now."""
    return type(row).objects.get(pk=row.pk)


def edit_source(obj, **texts):
    """Change ``obj``'s source text directly (as an earlier save would have)."""
    row = obj.translation_model().objects.get(
        **{obj.translation_model().parent_field: obj}, language_code=obj.original_language
    )
    for name, value in texts.items():
        setattr(row, name, value)
    row.save()
    return row


def set_target(document: bytes, unit_id: str, text: str, state="translated") -> bytes:
    """Change one target the way a translator's tool would, and return the file."""
    root = ET.fromstring(document)
    for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit"):
        if unit.get("id") == unit_id:
            target = unit.find(f"{{{XLIFF_NS}}}target")
            target.text = text
            target.set("state", state)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
