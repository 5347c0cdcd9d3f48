from django.db import migrations


def load_reference(apps, schema_editor):
    from apps.training import reference

    reference.load(
        apps.get_model("training", "ContentArea"),
        apps.get_model("training", "DeliveryForm"),
        apps.get_model("training", "ReimbursementRule"),
        apps.get_model("training", "ReimbursementRuleCause"),
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
