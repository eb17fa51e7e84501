import asyncio
import logging
import secrets

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts.services import user_preferred_language_set
from dialogues.selectors import neighborhoods_listed

logger = logging.getLogger(__name__)

# A load balancer waits only a few seconds; a hung dependency must not hang the probe.
HEALTH_CHECK_TIMEOUT_SECONDS = 3


def home(request):
    return render(request, "home.html", {"neighborhoods": neighborhoods_listed()})


@require_POST
def language_switch(request):
    """Switches the interface language; a signed-in user's preference follows the choice."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_preferred_language_set(user=request.user, language=language)
    return set_language(request)


def _ping_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _round_trip_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    channel = await layer.new_channel("healthz.")
    nonce = secrets.token_hex(8)
    await layer.send(channel, {"type": "health.ping", "nonce": nonce})
    message = await layer.receive(channel)
    if message.get("nonce") != nonce:
        raise RuntimeError("the channel layer returned a different message")


async def _check(name: str, probe) -> str:
    try:
        await asyncio.wait_for(probe(), timeout=HEALTH_CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        logger.warning("Health check of %s failed", name, exc_info=True)
        # Only the kind of error: the details may name internal hosts.
        return f"failing: {type(error).__name__}"
    return "ok"


@never_cache
@require_GET
async def healthz(request):
    """200 when the database and the channel layer both answer, else 503 naming what fails."""
    database, channel_layer = await asyncio.gather(
        _check("database", sync_to_async(_ping_database)),
        _check("channel_layer", _round_trip_channel_layer),
    )
    checks = {"database": database, "channel_layer": channel_layer}
    failing = sorted(name for name, result in checks.items() if result != "ok")
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "checks": checks, "failing": failing},
        status=503 if failing else 200,
    )
