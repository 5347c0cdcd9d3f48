from __future__ import annotations

from django import forms

MAX_BYTES = 2_000_000


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="Tệp kế hoạch (.yaml)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Tệp lớn quá 2 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Tệp phải là văn bản UTF-8 (YAML).") from None
