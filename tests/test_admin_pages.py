"""Every model's admin list and form opens for coordinators, with the site's widgets."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.roles import Role
from tests.factories import DialogueFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label_lower
)
def test_coordinators_open_every_admin_list_and_form(client, model):
    DialogueFactory()
    coordinator = user_with_role(Role.COORDINATOR)
    client.force_login(coordinator)
    meta = model._meta
    prefix = f"admin:{meta.app_label}_{meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200

    request = RequestFactory().get("/")
    request.user = coordinator
    may_add = admin.site._registry[model].has_add_permission(request)
    assert client.get(reverse(f"{prefix}_add")).status_code == (200 if may_add else 403)

    instance = model.objects.first()
    if instance is not None:
        assert client.get(reverse(f"{prefix}_change", args=[instance.pk])).status_code == 200
