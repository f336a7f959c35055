"""The hard conditions checked before scoring (资格审查), as one table.

E1–E6 restate 第八条 (市级劳务品牌认定条件); E7 the five-year ban of 第二十条. The ids, articles and
labels are fixed by the measures; the numbers in the rule texts come from the rubric (policy default
where the measures are silent), so the table always says what the program actually checks.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config.rubric import Rubric
from ..i18n import pick


@dataclass(frozen=True)
class Condition:
    id: str
    article: str       # the article of 营人社〔2023〕43号, as cited in Chinese
    article_en: str
    label_zh: str
    label_en: str

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.label_zh, self.label_en)

    def cite(self, lang: str = "zh") -> str:
        return pick(lang, self.article, self.article_en)


CONDITIONS: tuple[Condition, ...] = (
    Condition("E1", "第八条(一)", "Art. 8(1)", "主体资格与合规经营", "Legal status and lawful operation"),
    Condition("E2", "第八条(一)", "Art. 8(1)", "运行年限", "Years in operation"),
    Condition("E3", "第八条(二)", "Art. 8(2)", "品牌名称或注册商标", "Brand name or trademark"),
    Condition("E4", "第八条(三)", "Art. 8(3)", "培训", "Training"),
    Condition("E5", "第八条(四)", "Art. 8(4)", "就业与输出", "Employment and export"),
    Condition("E6", "第八条(五)", "Art. 8(5)", "跟踪服务", "Follow-up services"),
    Condition("E7", "第二十条", "Art. 20", "移出目录后禁止申请期", "Ban after removal from the directory"),
)
CONDITION_IDS: tuple[str, ...] = tuple(c.id for c in CONDITIONS)
BY_ID: dict[str, Condition] = {c.id: c for c in CONDITIONS}


def rule_texts(rubric: Rubric) -> dict[str, tuple[str, str]]:
    """``{id: (zh, en)}``: each condition's rule, with the rubric's thresholds filled in."""
    e = rubric.eligibility
    n, r = e.training, e.training_ich_relaxed
    return {
        "E1": ("具有独立法人资格，有固定经营活动场所，内部管理和财务管理制度规范，符合法律法规且无违法违纪行为，"
               "无未了结的法律、经济纠纷；以申报声明为准，实地核查时再次核实",
               "Independent legal person, fixed premises, sound internal and financial management, lawful with no "
               "violations and no pending legal or economic disputes; as declared, re-verified on site"),
        "E2": (f"运行{e.operating_years_min}年(含)以上：成立日期加{e.operating_years_min}年不晚于基准日"
               "（期间按民法典第二百零一条计算）",
               f"In operation {e.operating_years_min} years or more: founding date plus {e.operating_years_min} "
               "years is on or before the reference date (periods counted per Civil Code Art. 201)"),
        "E3": ("具有独立品牌名称或注册商标", "An independent brand name or a registered trademark"),
        "E4": (f"近两年培训合计超过{n.total_trained_gt}人，培训后从事该行业超过{n.in_trade_gt}人，"
               f"每年培训不少于{n.per_year_trained_ge}人，培训台账完整规范；非物质文化遗产类适用放宽标准："
               f"超过{r.total_trained_gt}人、超过{r.in_trade_gt}人、每年不少于{r.per_year_trained_ge}人",
               f"More than {n.total_trained_gt} trained in the last two years, more than {n.in_trade_gt} of them "
               f"working in the trade, at least {n.per_year_trained_ge} trained each year, a complete training "
               f"ledger; intangible-heritage units: more than {r.total_trained_gt}, more than {r.in_trade_gt}, "
               f"at least {r.per_year_trained_ge} a year"),
        "E5": (f"与用工企业签订长期合作协议不少于{e.agreements_min}份；每年自用或输出人数不低于当年培训人数的"
               f"{e.export_ratio_min_percent}%；就业台账完整规范",
               f"At least {e.agreements_min} long-term agreement(s) with employers; each year, self-employed or "
               f"exported at least {e.export_ratio_min_percent}% of that year's trained; a complete employment ledger"),
        "E6": ("跟踪服务功能健全（技能提升、职业安全教育、劳动维权）；以申报为准，实地核查时核实",
               "Follow-up services in place (skills upgrading, safety education, labour rights); as declared, "
               "verified on site"),
        "E7": (f"被移出劳务品牌目录的单位，自决定作出之日起{e.ban_years_after_removal}年内不得再次申请",
               f"A unit removed from the brand directory may not apply for {e.ban_years_after_removal} years "
               "from the removal decision"),
    }


def conditions_table(rubric: Rubric) -> pd.DataFrame:
    """One row per condition (index ``id``): article, labels and rule texts in zh and en."""
    texts = rule_texts(rubric)
    rows = [{"id": c.id, "article": c.article, "article_en": c.article_en, "label_zh": c.label_zh,
             "label_en": c.label_en, "rule_zh": texts[c.id][0], "rule_en": texts[c.id][1]} for c in CONDITIONS]
    return pd.DataFrame(rows).set_index("id")
