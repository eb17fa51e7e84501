from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Category, Channel, NotificationKind, register_kind
from tests.email_backends import ScriptedEmailBackend

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Kinds that later features will send for real; here, with templates of the tests' own.
REMINDER = register_kind(
    NotificationKind(
        key="test.reminder",
        category=Category.REMINDERS,
        channels=frozenset({Channel.EMAIL, Channel.IN_APP}),
        label=_("Test reminder"),
    )
)
INVITATION = register_kind(
    NotificationKind(
        key="test.invitation",
        category=Category.TRANSACTIONAL,
        channels=frozenset({Channel.EMAIL}),
        label=_("Test invitation"),
    )
)


@pytest.fixture(autouse=True)
def test_kind_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]


@pytest.fixture
def scripted_provider(settings):
    settings.EMAIL_BACKEND = "tests.email_backends.ScriptedEmailBackend"
    ScriptedEmailBackend.script = []
    ScriptedEmailBackend.calls = 0
    yield ScriptedEmailBackend
    ScriptedEmailBackend.script = []
