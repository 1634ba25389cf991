from django.urls import path

from core.response_cache import public_page
from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.saga_list, name="index"),
    path("search/", views.search, name="search"),
    path("sagas/<slug:slug>/", views.saga_timeline, name="saga"),
    # Before the event pages: no event may take these slugs (events.models.SAGA_PAGE_SLUGS).
    path("sagas/<slug:slug>/interactive/", views.saga_interactive, name="interactive"),
    path("sagas/<slug:slug>/embed/", views.saga_embed, name="embed"),
    # A slug cannot contain a dot, so no event can ever be called "atom.xml".
    path("sagas/<slug:slug>/atom.xml", public_page(feeds.SagaFeed()), name="feed"),
    path("sagas/<slug:saga_slug>/<slug:slug>/", views.event_detail, name="event"),
]
