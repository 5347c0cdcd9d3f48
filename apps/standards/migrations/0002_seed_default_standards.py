from django.db import migrations


def load_defaults(apps, schema_editor):
    from apps.standards import reference

    reference.load(
        apps.get_model("standards", "Standard"),
        apps.get_model("standards", "StandardRequirement"),
        apps.get_model("people", "Rank"),
        apps.get_model("people", "Position"),
        apps.get_model("people", "QualificationLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_standards_and_requirements"), ("people", "0002_reference_data")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
