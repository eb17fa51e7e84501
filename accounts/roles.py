from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of this name, created by a data migration."""

    RESIDENT = "resident", _("Resident")
    FACILITATOR = "facilitator", _("Facilitator")
    INTERPRETER = "interpreter", _("Interpreter")
    COORDINATOR = "coordinator", _("Coordinator")
    COMMITTEE_MEMBER = "committee_member", _("Advisory committee member")
