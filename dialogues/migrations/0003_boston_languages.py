from django.db import migrations

# Boston's language-access languages, frozen here; coordinators add others in the admin.
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("ht", "Haitian Creole"),
    ("zh-hans", "Chinese (Simplified)"),
    ("zh-hant", "Chinese (Traditional)"),
    ("vi", "Vietnamese"),
    ("kea", "Kabuverdianu"),
    ("pt-br", "Portuguese (Brazil)"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("so", "Somali"),
    ("fr", "French"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("dialogues", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0002_language_program_dialogue_registration_and_more")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
