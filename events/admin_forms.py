"""The event's change form: a date's time is asked for only when the precision needs it."""

from django.utils.translation import gettext as _

from core.dates import DatePrecision
from editorial.date_fields import OptionalTimeDateTimeField
from editorial.forms import EditorialModelForm

DATE_FIELDS = ("start_at", "end_at")


class EventForm(EditorialModelForm):
    def clean(self):
        cleaned_data = super().clean()
        precision = cleaned_data.get("precision")
        if precision != DatePrecision.TIME:
            return cleaned_data
        for name in DATE_FIELDS:
            if name in self.fields and OptionalTimeDateTimeField.time_left_empty(self, name):
                self.add_error(
                    name,
                    _(
                        "Give the time of day: the precision is “%(precision)s”. Or choose "
                        "the day, month or year as the precision."
                    )
                    % {"precision": DatePrecision.TIME.label},
                )
        return cleaned_data
