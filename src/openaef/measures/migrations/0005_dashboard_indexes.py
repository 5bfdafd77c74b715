"""Indexes for the coordinator's dashboard, and the case copied onto referrals and reports.

A caseload's measures are read from one covering index; referrals and reports carry their
measure's case, so that the answered referrals and the reports to review of a caseload are
one index probe per case (partial indexes, PostgreSQL reads them alone with INCLUDE).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_cases(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    case_of = Subquery(Measure.objects.filter(pk=OuterRef("measure_id")).values("case_id")[:1])
    for name in ("Referral", "ProviderReport"):
        apps.get_model("measures", name).objects.filter(case__isnull=True).update(case_id=case_of)


def _case_field(null):
    return models.ForeignKey(
        editable=False, null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.casefile"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_dashboard_indexes"),
        ("measures", "0004_referral_open_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="measure", name="measure_case_status"),
        migrations.AlterField(
            model_name="measure",
            name="case",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="measures", to="cases.casefile"
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                fields=["case", "status"], include=("id", "ends_on", "measure_type", "provider"), name="measure_case_cover"
            ),
        ),
        migrations.AddField(model_name="providerreport", name="case", field=_case_field(True)),
        migrations.AddField(model_name="referral", name="case", field=_case_field(True)),
        migrations.RunPython(copy_cases, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(model_name="providerreport", name="case", field=_case_field(False)),
        migrations.AlterField(model_name="referral", name="case", field=_case_field(False)),
        migrations.AddIndex(
            model_name="providerreport",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["case"],
                include=("id", "kind", "submitted_at", "measure"),
                name="report_submitted",
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("status__in", ["accepted", "waiting", "declined"])),
                fields=["case", "answered_at"],
                include=("id", "status", "provider", "measure"),
                name="referral_answered",
            ),
        ),
    ]
