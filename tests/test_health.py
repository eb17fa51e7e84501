"""GET /healthz: 200 when the database and the channel layer answer, 503 naming what fails."""

import pytest
from django.test import override_settings

from tests.helpers import free_port

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS_LAYER = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [{"address": f"redis://127.0.0.1:{free_port()}/0", "socket_timeout": 1}]
        },
    }
}


def test_healthy_when_database_and_channel_layer_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
        "failing": [],
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_broken_channel_layer_answers_503_and_names_it(client):
    with override_settings(CHANNEL_LAYERS=UNREACHABLE_REDIS_LAYER):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["channel_layer"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["channel_layer"].startswith("failing: ")


def test_a_missing_channel_layer_answers_503(client):
    with override_settings(CHANNEL_LAYERS={}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["channel_layer"]


def test_health_is_not_behind_a_language_prefix_or_a_login(client):
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200


def test_health_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.needs_redis
def test_healthy_with_the_redis_channel_layer(client, settings):
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["channel_layer"] == "ok"
