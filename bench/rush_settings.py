"""The app's settings plus one bare page, for the registration rush's baseline."""

from commonground.settings import *  # noqa: F403

ROOT_URLCONF = "bench.rush_urls"
