from __future__ import annotations

from django import forms

from apps.roadmap.models import TaskStatus


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    note = forms.CharField(label="Ghi chú", required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ProductForm(forms.Form):
    file = forms.FileField(label="Tệp sản phẩm", error_messages={"required": "Chọn tệp sản phẩm để tải lên."})
