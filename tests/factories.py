import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant, user_create

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a confirmed email address, made through the real service."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name")
    preferred_language = "en"

    @classmethod
    def _create(cls, model_class, *args, roles=(), password=PASSWORD, **kwargs):
        user = user_create(password=password, **kwargs)
        for role in roles:
            role_grant(user=user, role=role)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


def user_with_role(role: Role, **kwargs) -> User:
    roles = () if role == Role.RESIDENT else (role,)
    return UserFactory(roles=roles, **kwargs)
