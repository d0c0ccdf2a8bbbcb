from django.db import migrations


def load(apps, schema_editor):
    from filiera.registry.loaddata import load_municipalities, load_processes

    load_municipalities(apps.get_model("registry", "Municipality"))
    load_processes(apps.get_model("registry", "Process"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
