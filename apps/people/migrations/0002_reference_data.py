from django.db import migrations


def load_reference(apps, schema_editor):
    from apps.people import reference

    reference.load(
        apps.get_model("people", "Ethnicity"),
        apps.get_model("people", "QualificationLevel"),
        apps.get_model("people", "Rank"),
        apps.get_model("people", "Position"),
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
