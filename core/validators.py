from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WIKIDATA_QID_PATTERN = r"^Q[1-9][0-9]*$"

validate_wikidata_qid = RegexValidator(
    WIKIDATA_QID_PATTERN,
    message=_("A Wikidata id is a Q followed by digits, such as Q7407093."),
    code="invalid_wikidata_qid",
)


def wikidata_qid_constraint_condition() -> Q:
    return Q(wikidata_qid="") | Q(wikidata_qid__regex=WIKIDATA_QID_PATTERN)


# The schemes Django's URLValidator accepts. Stored addresses keep to them even when they
# arrive without validation (loaddata, a shell, a migration), so that no page ever links
# to javascript: or data: from an address a reader can click.
WEB_URL_PATTERN = r"^(https?|ftps?)://"


def web_url_constraint_condition(field_name: str) -> Q:
    """Return the condition for ``field_name`` to be empty or a web address."""
    return (
        Q(**{f"{field_name}__isnull": True})
        | Q(**{field_name: ""})
        | Q(**{f"{field_name}__iregex": WEB_URL_PATTERN})
    )
