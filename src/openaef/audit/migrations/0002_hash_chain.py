"""The hash chain, the persons an entry concerns, emergency accesses, and on PostgreSQL the
database-side guards: a trigger that refuses to change or remove audit rows, and the function
that serialises appends (openaef.audit.chain.locked_head)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64

FUNCTIONS = """
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint)
RETURNS TABLE (sequence bigint, hash varchar) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    -- A new statement in a VOLATILE function: a fresh snapshot, taken after the lock.
    RETURN QUERY SELECT e.sequence, e.hash FROM audit_auditevent e ORDER BY e.sequence DESC LIMIT 1;
END
$$;

CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Emptying the whole database (Django's flush between transactional tests) is allowed only
    -- to a session that says so: SET openaef.audit_allow_truncate = 'on'.
    IF TG_OP = 'TRUNCATE' AND current_setting('openaef.audit_allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
"""

TABLES = ("audit_auditevent", "audit_auditeventperson")


def backfill_chain(apps, schema_editor):
    """Entries written before the chain existed are chained in the order they were written."""
    from openaef.audit.chain import compute_hash

    event_model = apps.get_model("audit", "AuditEvent")
    previous = GENESIS
    for sequence, event in enumerate(event_model.objects.order_by("id").iterator(chunk_size=2000), start=1):
        event.sequence = sequence
        event.prev_hash = previous
        event.hash = compute_hash(event, [])
        event_model.objects.filter(pk=event.pk).update(sequence=sequence, prev_hash=previous, hash=event.hash)
        previous = event.hash


def install_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS, params=None)
    for table in TABLES:
        schema_editor.execute(TRIGGERS.format(table=table), params=None)


def remove_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(DROP.format(table=table), params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change(); DROP FUNCTION IF EXISTS audit_chain_head(bigint);", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="previous entry's hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="emergency",
            field=models.BooleanField(default=False, verbose_name="emergency access"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("read", "Read"),
                    ("create", "Create"),
                    ("update", "Update"),
                    ("transition", "State change"),
                    ("export", "Export"),
                    ("login_failed", "Failed login"),
                    ("access_refused", "Access refused"),
                    ("emergency_access", "Emergency access"),
                    ("review", "Review"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(backfill_chain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(unique=True, verbose_name="sequence number"),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["-id"], "verbose_name": "audit event", "verbose_name_plural": "audit events"},
        ),
        migrations.RemoveIndex(model_name="auditevent", name="audit_audit_actor_i_6c9c9e_idx"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "id"], name="audit_event_actor_id_idx"),
        ),
        migrations.CreateModel(
            name="AuditEventPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("person_id", models.BigIntegerField(verbose_name="person")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="person_links", to="audit.auditevent"
                    ),
                ),
            ],
            options={
                "verbose_name": "person concerned by an audit event",
                "verbose_name_plural": "persons concerned by audit events",
                "constraints": [models.UniqueConstraint(fields=("person_id", "event"), name="audit_event_person_unique")],
            },
        ),
        migrations.CreateModel(
            name="EmergencyAccess",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject_type", models.CharField(max_length=40, verbose_name="record type")),
                ("subject_id", models.BigIntegerField(verbose_name="record")),
                ("reason", models.TextField(verbose_name="reason")),
                ("started_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="started")),
                ("expires_at", models.DateTimeField(verbose_name="expires")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="reviewed")),
                ("review_note", models.TextField(blank=True, verbose_name="review note")),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="emergency_accesses",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "emergency access",
                "verbose_name_plural": "emergency accesses",
                "ordering": ["-started_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["user", "subject_type", "subject_id", "expires_at"], name="audit_emergency_active_idx"
                    ),
                    models.Index(fields=["reviewed_at", "started_at"], name="audit_emergency_review_idx"),
                ],
            },
        ),
        migrations.RunPython(install_guards, remove_guards),
    ]
