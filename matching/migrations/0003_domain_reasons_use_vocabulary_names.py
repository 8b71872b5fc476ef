"""Stored match reasons name domains as pages do (``vocabulary.DOMAINS``).

The engine used to write "同属领域：市政公用" / "same domain: municipal" while pages said 城市管理 / Municipal
services. Suggestions and replication recommendations are rewritten; feedback rows keep the reasons as they were
shown when the verdict was given.
"""

from django.db import migrations

from vocabulary import DOMAIN_CODES, domain_name

OLD_ZH = {
    "交通出行": "transport",
    "医疗健康": "health",
    "教育": "education",
    "市政公用": "municipal",
    "政务服务": "government_services",
    "农业农村": "agriculture",
    "工业": "industry",
    "养老服务": "elderly_care",
    "应急管理": "emergency",
    "文化旅游": "culture_tourism",
}
OLD_EN = {code.replace("_", " "): code for code in DOMAIN_CODES}
BATCH = 500


def renamed(reason: str) -> str:
    if reason.startswith("同属领域："):
        names = reason[len("同属领域：") :].split("、")
        return "同属领域：" + "、".join(domain_name(OLD_ZH[n], "zh") if n in OLD_ZH else n for n in names)
    if reason.startswith("same domain: "):
        names = reason[len("same domain: ") :].split(", ")
        return "same domain: " + ", ".join(domain_name(OLD_EN[n], "en") if n in OLD_EN else n for n in names)
    return reason


def _rewrite(model) -> None:
    rows = []
    for row in model.objects.only("pk", "reasons").iterator(chunk_size=BATCH):
        reasons = [renamed(r) if isinstance(r, str) else r for r in (row.reasons or [])]
        if reasons != row.reasons:
            row.reasons = reasons
            rows.append(row)
    model.objects.bulk_update(rows, ["reasons"], batch_size=BATCH)


def forwards(apps, schema_editor):
    _rewrite(apps.get_model("matching", "Suggestion"))
    _rewrite(apps.get_model("matching", "ReplicationRecommendation"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_seed_region_pairs")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
