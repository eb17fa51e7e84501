from django.db.models import QuerySet

from dialogues.models import Neighborhood


def neighborhoods_listed() -> QuerySet[Neighborhood]:
    return Neighborhood.objects.order_by("name")
