from django.db import migrations


def forward(apps, schema_editor):
    from apps.annual.reference import load

    load(apps.get_model("annual", "RateItem"))


class Migration(migrations.Migration):
    dependencies = [("annual", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
