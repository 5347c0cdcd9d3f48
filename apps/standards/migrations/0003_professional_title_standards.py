from django.db import migrations


def load_titles(apps, schema_editor):
    from apps.standards import reference

    reference.add_titles(apps.get_model("people", "Rank"))
    reference.load(
        apps.get_model("standards", "Standard"),
        apps.get_model("standards", "StandardRequirement"),
        apps.get_model("people", "Rank"),
        apps.get_model("people", "Position"),
        apps.get_model("people", "QualificationLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_seed_default_standards"), ("people", "0004_reference_active")]
    operations = [migrations.RunPython(load_titles, migrations.RunPython.noop)]
