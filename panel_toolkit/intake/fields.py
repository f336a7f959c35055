"""The application form (申报表): one row per application, Chinese column headers.

This table is the single definition the Excel template, the importer, the store and the
demo generator share. ``kind`` says how a cell is parsed and validated:

- ``text``: plain text; formula-like text and HTML are refused;
- ``credit_code``: 统一社会信用代码 with the GB 32100-2015 check character;
- ``unit_type`` / ``county``: one of a fixed list (drop-down in the template);
- ``date``: a real calendar date;
- ``bool``: 是/否;
- ``count``: a non-negative whole number (full-width digits and a trailing 人 accepted);
- ``decision``: the county's initial-screening result 通过/不通过 (第十、十一条), optional.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    header: str          # Chinese column header in the template (exact)
    en: str              # English name
    kind: str
    required: bool
    help: str            # instruction shown in the template (Chinese)


UNIT_TYPES = ("行业组织", "企事业单位")   # 第三条
DECISIONS = {"通过": "passed", "不通过": "rejected"}

# E1 (第八条(一)) declarations, each a 是/否 column.
DECLARATIONS = (
    ("decl_legal_person", "具有独立法人资格", "independent legal person"),
    ("decl_premises", "有固定经营活动场所", "fixed business premises"),
    ("decl_management", "内部管理制度规范", "sound internal management system"),
    ("decl_finance", "财务管理制度规范", "sound financial management system"),
    ("decl_lawful", "符合法律法规且无违法违纪行为", "lawful, no violations"),
    ("decl_no_disputes", "无未了结的法律、经济纠纷", "no pending legal or economic disputes"),
)

FIELDS: tuple[Field, ...] = (
    Field("unit_name", "建设单位名称", "unit name", "text", True, "劳务品牌建设单位全称，与营业执照或登记证书一致"),
    Field("credit_code", "统一社会信用代码", "unified social credit code", "credit_code", True, "18位，按GB 32100-2015校验"),
    Field("unit_type", "单位类型", "unit type", "unit_type", True, "行业组织 或 企事业单位（第三条）"),
    Field("county", "县(市)区", "county", "county", True, "从下拉列表选择；市直主管部门统筹的品牌选“市直”"),
    Field("department", "市直主管部门", "city department", "text", False, "仅“市直”填写：负责初审的市直主管部门（第十一条）"),
    Field("brand_name", "劳务品牌名称", "brand name", "text", True, "地域/企业名号+行业+工种，如“营口渔家嫂”（第三条）"),
    Field("trademark_no", "注册商标号", "trademark number", "text", False, "已注册商标的注册号，未注册留空"),
    Field("industry", "行业", "industry", "text", True, "如：家政服务、建筑、餐饮"),
    Field("job_type", "工种", "job type", "text", True, "如：育婴员、焊工、中式烹调师"),
    Field("founded_on", "成立日期", "founded on", "date", True, "格式 2020-05-18"),
    Field("is_ich", "是否非遗类", "intangible cultural heritage", "bool", True, "是/否；非遗类可适当放宽培训条件（第八条(三)）"),
    *(Field(k, h, en, "bool", True, "是/否（第八条(一)）") for k, h, en in DECLARATIONS),
    Field("trained_y1", "第一年培训人数", "trained, year 1", "count", True, "近两年中的第一年培训人数"),
    Field("trained_y2", "第二年培训人数", "trained, year 2", "count", True, "近两年中的第二年培训人数"),
    Field("in_trade_y1", "第一年培训后从事该行业人数", "working in the trade, year 1", "count", True, "第一年培训人员中现从事该行业的人数"),
    Field("in_trade_y2", "第二年培训后从事该行业人数", "working in the trade, year 2", "count", True, "第二年培训人员中现从事该行业的人数"),
    Field("exported_y1", "第一年自用或输出人数", "self-employed or exported, year 1", "count", True, "第一年自用或输出的劳务从业人员人数（第八条(四)）"),
    Field("exported_y2", "第二年自用或输出人数", "self-employed or exported, year 2", "count", True, "第二年自用或输出的劳务从业人员人数（第八条(四)）"),
    Field("agreements", "长期合作协议数量", "long-term cooperation agreements", "count", True, "与用工企业签订的长期稳定输出合作协议份数"),
    Field("training_ledger", "培训台账完整规范", "training ledger complete", "bool", True, "是/否（第八条(三)3）"),
    Field("employment_ledger", "就业台账完整规范", "employment ledger complete", "bool", True, "是/否（第八条(四)）"),
    Field("follow_up", "跟踪服务功能健全", "follow-up services in place", "bool", True, "是/否：技能提升、职业安全教育、劳动维权（第八条(五)）"),
    Field("contact_person", "联系人", "contact person", "text", True, "申报单位联系人"),
    Field("contact_phone", "联系电话", "contact phone", "phone", True, "手机或固定电话"),
    Field("screening_decision", "初审结论", "initial screening", "decision", False, "县(市)区或市直主管部门初审：通过/不通过（第十、十一条）"),
    Field("screening_reason", "初审意见", "screening reason", "text", False, "初审意见；“不通过”必须填写理由"),
    Field("remarks", "备注", "remarks", "text", False, "其他说明"),
)

BY_KEY = {f.key: f for f in FIELDS}
BY_HEADER = {f.header: f for f in FIELDS}
COUNT_KEYS = tuple(f.key for f in FIELDS if f.kind == "count")
BOOL_KEYS = tuple(f.key for f in FIELDS if f.kind == "bool")
#: Columns stored with an application (the screening columns become screening records).
APPLICATION_KEYS = tuple(f.key for f in FIELDS if f.kind != "decision" and f.key != "screening_reason")
