"""Revision snapshots held only the ids of the cited solutions, so a later edit of a solution changed what the
owner read as the bid. Existing snapshots get each cited solution's content as it is now (the best record left);
new revisions record it when they are made (proposals.services.bids.snapshot)."""

from django.db import migrations

FIELDS = ("title", "summary", "maturity", "delivery_model", "price_min", "price_max", "certifications", "status")


def forwards(apps, schema_editor):
    Revision = apps.get_model("proposals", "ProposalRevision")
    Solution = apps.get_model("catalog", "Solution")
    revisions = list(Revision.objects.all())
    ids = {i for r in revisions for i in (r.snapshot or {}).get("solutions", []) if isinstance(i, int)}
    solutions = {s.pk: s for s in Solution.objects.filter(pk__in=ids)}
    for revision in revisions:
        cited = (revision.snapshot or {}).get("solutions", [])
        if not any(isinstance(item, int) for item in cited):
            continue
        revision.snapshot["solutions"] = [
            {"id": item, **{name: getattr(solutions[item], name) for name in FIELDS}}
            if isinstance(item, int) and item in solutions
            else item
            for item in cited
        ]
        revision.save(update_fields=["snapshot"])


def backwards(apps, schema_editor):
    Revision = apps.get_model("proposals", "ProposalRevision")
    for revision in Revision.objects.all():
        cited = (revision.snapshot or {}).get("solutions", [])
        if any(isinstance(item, dict) for item in cited):
            revision.snapshot["solutions"] = [item["id"] if isinstance(item, dict) else item for item in cited]
            revision.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_proposals_evaluation_award_engagement"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
