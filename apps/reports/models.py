"""A flat copy of the counted lượt for the reports (``apps.reports.flat``): one row per completed
lượt that has a service period on its start date, with what the statistics slice it by as of that
day. Rebuilt as a whole in one INSERT … SELECT; ``FlatStamp`` says from which data it was built
(``apps.results.versions.write_stamp``): a stale copy is never read."""

from django.db import models


class FlatLuot(models.Model):
    enrollment_id = models.BigIntegerField(primary_key=True)
    person_id = models.BigIntegerField()
    completed_on = models.DateField()
    unit_id = models.BigIntegerField()  # the service period's unit on the start date
    category = models.CharField(max_length=20)
    level = models.CharField(max_length=16)
    position_id = models.BigIntegerField(null=True)
    programme_id = models.BigIntegerField()
    form_id = models.BigIntegerField(null=True)
    country = models.CharField(max_length=80)
    class_country = models.CharField(max_length=80, null=True)
    gender = models.CharField(max_length=4)
    ethnicity_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["completed_on"], name="flat_luot_completed_idx")]
        verbose_name = "lượt (bản phẳng cho báo cáo)"
        verbose_name_plural = "lượt (bản phẳng cho báo cáo)"

    def __str__(self) -> str:
        return f"lượt {self.enrollment_id} ({self.completed_on})"


class FlatStamp(models.Model):
    """One row: the data stamp the flat copy was built from."""

    stamp = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.rows} lượt, {self.stamp}"
