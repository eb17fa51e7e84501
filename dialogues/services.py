from django.db import transaction
from django.utils.text import slugify

from dialogues.models import Neighborhood


@transaction.atomic
def neighborhood_ensure(*, name: str) -> Neighborhood:
    """The neighborhood of this name, created if it does not exist yet."""
    neighborhood, _ = Neighborhood.objects.get_or_create(
        slug=slugify(name), defaults={"name": name}
    )
    return neighborhood
