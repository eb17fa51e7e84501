from django.db import migrations

# Frozen here: a migration must not change meaning when accounts.roles.Role changes later.
ROLE_GROUP_NAMES = ["resident", "facilitator", "interpreter", "coordinator", "committee_member"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    for name in ROLE_GROUP_NAMES:
        Group.objects.get_or_create(name=name)
    resident = Group.objects.get(name="resident")
    resident.user_set.add(*User.objects.all())


def remove_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_GROUP_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
