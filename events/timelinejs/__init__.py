"""
Knight Lab TimelineJS 3 (https://timeline.knightlab.com/docs/json-format.html).

Export: a saga as a timeline: a title slide from the saga, one slide per event with its
date parts only as precise as known, eras from the chapters, and each event's chapter as
its group. Import (``import_timelinejs``): a TimelineJS JSON file, or the TimelineJS
Google Sheets template exported as CSV, becomes a new draft saga.
"""

from events.timelinejs.export import saga_timeline, saga_timeline_json
from events.timelinejs.importing import read_timeline, timeline_import
from events.timelinejs.parsing import TimelineError

__all__ = [
    "TimelineError",
    "read_timeline",
    "saga_timeline",
    "saga_timeline_json",
    "timeline_import",
]
