"""Load the shipped templates (Circular 10/2017's six objects, Circular 07/2023's acceptance
criteria) as version 1, marked default, and the default coverage rule."""

import datetime as dt

from django.db import migrations


def forwards(apps, schema_editor):
    from apps.evaluation.definitions import install_defaults

    install_defaults(apps.get_model("evaluation", "EvaluationTemplate"), apps.get_model("evaluation", "Criterion"),
                     apps.get_model("evaluation", "Indicator"))
    rule = apps.get_model("evaluation", "CoverageRule")
    if not rule.objects.exists():
        rule.objects.create(effective_from=dt.date(2018, 3, 1), share_articles_5_8=20, share_article_9=10,
                            min_article_10=1, is_configurable_default=True,
                            basis="Thông tư 10/2017/TT-BNV: hằng năm đánh giá ít nhất 20% khóa học theo nội dung Điều 5–8, "
                                  "10% theo Điều 9 và 01 khóa theo tiêu chuẩn ngạch, chức danh, chức vụ theo Điều 10 "
                                  "(số liệu cấu hình, cần đối chiếu văn bản).")


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
