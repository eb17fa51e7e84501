from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of this name, created by a data migration."""

    RESIDENT = "resident", _("Resident")
    FACILITATOR = "facilitator", _("Facilitator")
    INTERPRETER = "interpreter", _("Interpreter")
    COORDINATOR = "coordinator", _("Coordinator")
    COMMITTEE_MEMBER = "committee_member", _("Advisory committee member")


# Where each role's work happens: URL names, reversed in the reader's language.
ROLE_AREA_URL_NAMES = {
    Role.RESIDENT: "accounts:dashboard",
    Role.FACILITATOR: "facilitators:facilitator_home",
    Role.INTERPRETER: "facilitators:interpreter_home",
    Role.COORDINATOR: "dialogues:coordinator_home",
    Role.COMMITTEE_MEMBER: "feedback:committee_home",
}
