from tests.editorial.urls import without_public_pages as urlpatterns  # noqa: F401
