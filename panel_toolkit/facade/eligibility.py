"""Eligibility (资格审查, 第八条) of the session's applications, as the actor may see them."""
from __future__ import annotations

from ..eligibility import EligibilityResult, evaluate
from .context import Service


class Eligibility(Service):
    def __init__(self, ctx, apps, screening, removals):
        super().__init__(ctx)
        self.apps, self.screening, self.removals = apps, screening, removals

    def eligibility(self, lang: str = "zh") -> EligibilityResult:
        """E1–E7 per application with the numbers behind each verdict, plus its screening status."""
        apps = self.apps.applications_frame()
        frame = evaluate(apps, self.rubric, self.config.reference_date, self.removals.removals_frame(), lang=lang)
        screening = self.screening.screening_frame()[["initial_decision", "review_decision", "screened_in"]]
        return EligibilityResult(frame.join(screening), apps, lang=lang)

    def candidate_ids(self) -> list[int]:
        """Applications to be scored: screened in (第十、十一条) and not failing 第八条."""
        df = self.eligibility().to_frame()
        return sorted(int(i) for i in df.index[df["screened_in"] & (df["status"] != "fail")])
