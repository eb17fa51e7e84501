from django.utils.translation import gettext_lazy as _

from notifications.kinds import Category, Channel, NotificationKind

ROLE_GRANTED = NotificationKind(
    key="account.role_granted",
    category=Category.TRANSACTIONAL,
    channels=frozenset({Channel.EMAIL, Channel.IN_APP}),
    label=_("A new role on your account"),
)
