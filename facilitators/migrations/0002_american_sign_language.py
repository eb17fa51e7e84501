from django.db import migrations


def add_american_sign_language(apps, schema_editor):
    """Registrations ask for ASL with a checkbox; interpreters need the language to list it."""
    Language = apps.get_model("dialogues", "Language")
    Language.objects.get_or_create(code="ase", defaults={"name": "American Sign Language"})


class Migration(migrations.Migration):
    dependencies = [
        ("facilitators", "0001_initial"),
        ("dialogues", "0003_boston_languages"),
    ]

    operations = [migrations.RunPython(add_american_sign_language, migrations.RunPython.noop)]
