from django.urls import path

from core.page_cache import public_page
from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.saga_list, name="index"),
    path("search/", views.search, name="search"),
    path("sagas/<slug:slug>/", views.saga_timeline, name="saga"),
    # A slug cannot contain a dot, so no event can ever be called "atom.xml".
    path("sagas/<slug:slug>/atom.xml", public_page(feeds.SagaFeed()), name="feed"),
    path("sagas/<slug:saga_slug>/<slug:slug>/", views.event_detail, name="event"),
]
