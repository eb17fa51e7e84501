"""The ASGI application served by a real daphne process, as deployed."""

import sys

import pytest
from django.db import connection

from dialogues.services import neighborhood_ensure
from tests.helpers import DaphneServer, database_url_for, http_get

pytestmark = pytest.mark.django_db(transaction=True)


def test_daphne_serves_health_pages_static_files_and_redirects(daphne_server):
    neighborhood_ensure(name="Mattapan")

    status, health = daphne_server.get_json("/healthz")
    assert status == 200
    assert health["checks"] == {"database": "ok", "channel_layer": "ok"}

    status, headers, body = http_get(daphne_server.url + "/es/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert '<html lang="es" dir="ltr">' in page
    assert "Mattapan" in page  # read from the database the test wrote to

    status, headers, _body = http_get(daphne_server.url + "/", {"Accept-Language": "ar"})
    assert (status, headers["Location"]) == (302, "/ar/")

    status, headers, body = http_get(daphne_server.url + "/static/css/site.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert b"--brand" in body


def test_make_runs_serve_command_serves_the_app():
    """`make run` starts `manage.py serve`: daphne and the notifications tick in one process."""
    server = DaphneServer(
        database_url_for(connection.settings_dict),
        command=lambda port: [sys.executable, "manage.py", "serve", "--port", str(port)],
    )
    server.start()
    try:
        status, health = server.get_json("/healthz")
        assert (status, health["status"]) == (200, "ok")
    finally:
        server.stop()
