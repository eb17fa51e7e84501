from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commonground import catalogs


class Command(BaseCommand):
    help = (
        "Translation catalogs in locale/. 'update' extracts the interface strings into every "
        "configured language's catalog; 'compile' writes the .mo files Django reads; 'check' "
        "fails if a catalog lacks a translation."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])

    def handle(self, *args, action, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        if action == "update":
            template = catalogs.interface_messages()
            for code in languages:
                total, untranslated = catalogs.update_catalog(code, template)
                self.stdout.write(f"{code}: {total} strings, {untranslated} untranslated")
        elif action == "compile":
            for code in languages:
                path = catalogs.compile_catalog(code)
                self.stdout.write(f"{code}: {path.relative_to(settings.BASE_DIR)}")
        else:
            template = catalogs.interface_messages()
            problems = []
            for code in languages:
                missing = catalogs.missing_translations(code, template)
                if missing:
                    problems.append(f"{code}: {len(missing)} missing, e.g. {missing[:3]}")
                problems += [f"{code}: {e}" for e in catalogs.placeholder_errors(code)]
            if problems:
                raise CommandError("\n".join(problems))
            self.stdout.write(f"All {len(languages)} catalogs are complete.")
