"""Passed scheduled changes are pruned without moving any content's token (issue 15)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import freshness
from core.models import ScheduledChange

pytestmark = pytest.mark.django_db


def test_pruning_keeps_each_keys_last_passed_and_future_changes_and_every_token():
    now = timezone.now()
    freshness.touch({"event-1", "event-2"})
    for key, hours in [("event-1", -3), ("event-1", -2), ("event-1", -1), ("event-1", 2)]:
        ScheduledChange.objects.create(key=key, at=now + timedelta(hours=hours))
    ScheduledChange.objects.create(key="event-2", at=now - timedelta(hours=5))
    ScheduledChange.objects.create(key="event-2", at=now - timedelta(hours=5))  # twice
    before = freshness.versions({"event-1", "event-2"})

    call_command("prune_scheduled_changes", "--dry-run")
    assert ScheduledChange.objects.count() == 6

    call_command("prune_scheduled_changes")

    left = sorted(
        (key, round((at - now).total_seconds() / 3600))
        for key, at in ScheduledChange.objects.values_list("key", "at")
    )
    assert left == [("event-1", -1), ("event-1", 2), ("event-2", -5)]
    after = freshness.versions({"event-1", "event-2"})
    assert {k: (s.token, s.changed_at, s.next_change_at) for k, s in before.items()} == {
        k: (s.token, s.changed_at, s.next_change_at) for k, s in after.items()
    }
