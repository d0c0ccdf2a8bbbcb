# Sites outside Italy: a country code; the municipality is required only in Italy.

import django.db.models.deletion
import filiera.registry.countries
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_reference_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='site',
            name='country',
            field=models.CharField(db_index=True, default='IT', help_text='ISO 3166-1 alpha-2 code, e.g. IT or PT.', max_length=2, validators=[filiera.registry.countries.validate_country], verbose_name='country'),
        ),
        migrations.AlterField(
            model_name='site',
            name='municipality',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='registry.municipality', verbose_name='municipality'),
        ),
        migrations.AddConstraint(
            model_name='site',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('country', 'IT'), _negated=True), ('municipality__isnull', False), _connector='OR'), name='registry_site_italy_has_municipality', violation_error_message='A site in Italy needs its municipality.'),
        ),
    ]
