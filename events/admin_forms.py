"""
The event's change form: a date's time is asked for only when the precision needs it.

Below the time of day, a stored date is shown to its precision with the time empty (never a
made-up 00:00:00), and saving it again unchanged keeps the stored moment as it was.
"""

from django.utils.translation import gettext as _

from core.dates import DatePrecision
from editorial.date_fields import OptionalTimeDateTimeField, same_at_precision, shown_at_precision
from editorial.forms import EditorialModelForm
from editorial.pickers import MenuChoiceField, preload_pickers

DATE_FIELDS = ("start_at", "end_at")


class EventForm(EditorialModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        precision = self.instance.precision if self.instance.pk is not None else None
        for name in DATE_FIELDS:
            shown = shown_at_precision(getattr(self.instance, name, None), precision)
            if name in self.fields and shown is not None:
                self.initial[name] = shown
            widget = self.fields[name].widget if name in self.fields else None
            if getattr(widget, "widgets", None):
                widget.widgets[1].attrs["placeholder"] = _("if known")
        # The tags and image pickers name what the event already holds (EventAdmin loads
        # them with their texts).
        preload_pickers([self])
        chapters, sagas = self.fields.get("chapter"), self.fields.get("saga")
        if isinstance(chapters, MenuChoiceField) and isinstance(sagas, MenuChoiceField):
            chapters.shares = {"saga": sagas}  # its labels name the sagas the saga menu lists

    def clean(self):
        cleaned_data = super().clean()
        precision = cleaned_data.get("precision")
        if precision != DatePrecision.TIME:
            self._keep_stored_moments(cleaned_data, precision)
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

    def _keep_stored_moments(self, cleaned_data, precision) -> None:
        """A date posted as it was shown (to its precision, no time) keeps the stored moment."""
        if self.instance.pk is None:
            return
        for name in DATE_FIELDS:
            stored = getattr(self.instance, name)  # the form has not written to it yet
            if (
                name in self.fields
                and name not in self.changed_data
                and OptionalTimeDateTimeField.time_left_empty(self, name)
                and same_at_precision(cleaned_data.get(name), stored, precision)
            ):
                cleaned_data[name] = stored
