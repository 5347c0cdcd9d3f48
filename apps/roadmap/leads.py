"""Who leads a roadmap row: the plan's "chủ trì" wording mapped to units.

The rule, in order (the first that gives units wins):

1. **Codes** the plan file names (``lead: {units: [SNV]}``): those units.
2. **One body by name**: the wording is exactly a unit's name ("Sở Tài chính"), compared
   without case or diacritics.
3. **Training establishments** ("Các cơ sở đào tạo, bồi dưỡng CB, CC, VC của tỉnh"): the units
   whose code is that of a training provider of the catalogue (the demo's Trường Chính trị tỉnh,
   TCT, is both).
4. **Every agency** — the wording names a class of bodies ("Các cơ quan hành chính, đơn vị sự
   nghiệp các cấp của tỉnh", "Các Sở, Ban ngành, đơn vị sự nghiệp trực thuộc UBND tỉnh; UBND
   huyện, thị xã, thành phố", "các sở, ban, ngành"): one task per *agency*, i.e. per state body or
   public service unit directly under the province's root on the due date (departments, boards,
   district People's Committees; after the 2025 reform, the communes). An agency answers for its
   own sub-units, as its officer's scope does.
5. Otherwise the row is **unassigned**: one task without a unit, seen by Sở Nội vụ only, so
   nothing in the appendix goes untracked.

One query for the units, one for the provider codes, one per distinct due date for the tree.
"""

from __future__ import annotations

import datetime as dt
import re

from apps.core.vn import fold
from apps.organization.models import Unit, UnitKind

AGENCY_KINDS = (UnitKind.STATE, UnitKind.PUBLIC_SERVICE)
_PROVIDERS = re.compile(r"co so dao tao")
_AGENCIES = re.compile(r"co quan hanh chinh|don vi su nghiep|cac so\b|ban,? nganh|ubnd (cac )?huyen|"
                       r"uy ban nhan dan (cac )?huyen|cac co quan, don vi")


class LeadResolver:
    def __init__(self) -> None:
        from apps.training.models import Provider

        self.units = {u.pk: u for u in Unit.objects.all()}
        self.by_code = {u.code: u for u in self.units.values()}
        self.by_name: dict[str, list[Unit]] = {}
        for u in self.units.values():
            self.by_name.setdefault(fold(u.name), []).append(u)
        self.provider_codes = set(Provider.objects.values_list("code", flat=True))
        self._agencies: dict[dt.date, list[Unit]] = {}

    def rule(self, text: str, codes: list[str]) -> str:
        """Which rule applies: codes, name, providers, agencies or unassigned."""
        folded = fold(text or "")
        if codes:
            return "codes"
        if len(self.by_name.get(folded, [])) >= 1:
            return "name"
        if _PROVIDERS.search(folded):
            return "providers"
        if _AGENCIES.search(folded):
            return "agencies"
        return "unassigned"

    def units_for(self, text: str, codes: list[str], day: dt.date) -> list[Unit]:
        """The lead units of a row on ``day`` (empty: unassigned), in code order."""
        rule = self.rule(text, codes)
        if rule == "codes":
            found = [self.by_code[c] for c in codes if c in self.by_code]
        elif rule == "name":
            found = [u for u in self.by_name[fold(text)] if u.is_valid_on(day)][:1] or self.by_name[fold(text)][:1]
        elif rule == "providers":
            found = [self.by_code[c] for c in self.provider_codes if c in self.by_code and self.by_code[c].is_valid_on(day)]
        elif rule == "agencies":
            found = self.agencies(day)
        else:
            found = []
        return sorted(found, key=lambda u: u.code)

    def agencies(self, day: dt.date) -> list[Unit]:
        if day not in self._agencies:
            from apps.organization.selectors import children_map

            tree = children_map(day)
            top = [self.units[c] for root in tree.get(None, []) for c in tree.get(root, []) if c in self.units]
            self._agencies[day] = [u for u in top if u.kind in AGENCY_KINDS and u.is_valid_on(day)]
        return self._agencies[day]
