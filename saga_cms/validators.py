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
