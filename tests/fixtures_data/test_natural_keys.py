"""Natural-key look-ups while a fixture loads: one query each, remembered for the load."""

import pytest
from django.core.management import call_command

from core.natural_keys import remembering_natural_keys
from events.models import EventTranslation, Tag

from .conftest import delete_saga_content, fixture_counts, fixture_objects, row_counts

pytestmark = pytest.mark.django_db

# Before natural keys were remembered, loading the saga asked ~2,330 queries for 446 objects
# (5.2 each); remembering them brought it under 2.6 a fixture object (1,630 for 638 objects).
# Content versions (core.freshness) add one upsert per event whose tags are set (about 2.63).
MAX_QUERIES_PER_OBJECT = 2.65


def test_loading_the_saga_into_empty_tables_asks_each_natural_key_once(
    django_assert_max_num_queries,
):
    delete_saga_content()

    with django_assert_max_num_queries(int(len(fixture_objects()) * MAX_QUERIES_PER_OBJECT)):
        call_command("loaddata", "openai_2023", verbosity=0)

    assert row_counts() == fixture_counts()


def test_a_translation_row_is_found_by_its_natural_key_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        row = EventTranslation.objects.get_by_natural_key(
            "openai-2023", "altman-fired-in-video-call", "en"
        )
    assert (row.event.slug, row.language_code) == ("altman-fired-in-video-call", "en")


def test_a_row_not_found_is_not_remembered_so_a_row_written_later_is_found(
    django_assert_num_queries,
):
    with remembering_natural_keys():
        with pytest.raises(Tag.DoesNotExist):
            Tag.objects.get_by_natural_key("written-during-the-load")
        tag = Tag.objects.create(slug="written-during-the-load")
        assert Tag.objects.get_by_natural_key("written-during-the-load") == tag
        with django_assert_num_queries(0):
            assert Tag.objects.get_by_natural_key("written-during-the-load") == tag

    with django_assert_num_queries(1):  # outside a load, every look-up asks the database
        Tag.objects.get_by_natural_key("written-during-the-load")
