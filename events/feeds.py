"""An Atom feed of each saga's events, in each language."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language

from core.response_cache import depends_on
from core.text import render_markdown
from events.freshness import saga_answer_keys
from events.models import Saga

FEED_SIZE = 50


class SagaFeed(Feed):
    """The saga's latest events (by when they happened) as Atom entries."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        saga = get_object_or_404(Saga.objects.published().for_language(get_language()), slug=slug)
        depends_on(request, *saga_answer_keys(saga.pk))
        return saga

    def title(self, saga):
        return saga.localized(get_language()).texts.get("title", saga.slug)

    def subtitle(self, saga):
        return saga.localized(get_language()).texts.get("standfirst", "")

    def link(self, saga):
        return saga.get_absolute_url()

    def feed_url(self, saga):
        return reverse("events:feed", kwargs={"slug": saga.slug})

    def feed_guid(self, saga):
        return self.feed_url(saga)

    def feed_updateddate(self, saga):
        return saga.updated_at

    def items(self, saga):
        events = saga.events.published().for_timeline(get_language())
        return events.order_by("-start_at", "-position", "-slug")[:FEED_SIZE]

    def item_title(self, event):
        return event.localized(get_language()).texts.get("headline", event.slug)

    def item_description(self, event):
        text = event.localized(get_language())
        return render_markdown(text.texts.get("summary", "")) + render_markdown(
            text.texts.get("body", "")
        )

    def item_link(self, event):
        return event.get_absolute_url()

    def item_pubdate(self, event):
        return event.publish_at or event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [
            tag.localized(get_language()).texts.get("name", tag.slug) for tag in event.tags.all()
        ]
