"""The theme taxonomy and tagging; included into the "feedback" namespace by feedback/urls.py."""

from django.urls import path

from feedback.themes import views

urlpatterns = [
    path("coordinator/themes/", views.theme_list, name="theme_list"),
    path("coordinator/themes/new/", views.theme_create_view, name="theme_create"),
    path("coordinator/themes/<int:theme_id>/edit/", views.theme_edit, name="theme_edit"),
    path("coordinator/themes/<int:theme_id>/retire/", views.theme_retire_view, name="theme_retire"),
    path(
        "coordinator/themes/<int:theme_id>/reactivate/",
        views.theme_reactivate_view,
        name="theme_reactivate",
    ),
    path("coordinator/themes/<int:theme_id>/move/", views.theme_move_view, name="theme_move"),
    path("feedback/items/", views.inbox, name="inbox"),
    path("feedback/items/<int:item_id>/themes/", views.tag_add, name="tag_add"),
    path("feedback/tags/<int:tag_id>/confirm/", views.tag_confirm, name="tag_confirm"),
    path("feedback/tags/<int:tag_id>/reject/", views.tag_reject, name="tag_reject"),
    path("feedback/tags/<int:tag_id>/remove/", views.tag_remove, name="tag_remove"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path(
        "themes/<slug:slug>/quotes/<int:quote_id>/remove/",
        views.quote_remove,
        name="quote_remove",
    ),
]
