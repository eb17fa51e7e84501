from django.db import models
from django.utils.translation import gettext_lazy as _


class Neighborhood(models.Model):
    """A neighborhood of the city, where dialogues are held."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
