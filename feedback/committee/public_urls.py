from django.urls import path

from feedback.committee import feeds, public_views

urlpatterns = [
    path("you-said-we-did/", public_views.you_said_we_did, name="you_said_we_did"),
    path("you-said-we-did/feed.atom", feeds.you_said_we_did_feed, name="you_said_we_did_feed"),
]
