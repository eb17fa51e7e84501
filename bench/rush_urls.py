from django.shortcuts import render
from django.urls import path

from commonground.urls import urlpatterns as app_urlpatterns


def bare_page(request):
    """Renders a page with the site's layout, and does nothing else: no query, no write."""
    return render(request, "dialogues/manage_links_sent.html", {"email": "someone@example.org"})


urlpatterns = [path("bench/bare/", bare_page), *app_urlpatterns]
