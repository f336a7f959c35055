"""Every text of the expert app, in Chinese (zh-CN, the default) and English.

``text(key, lang, **values)`` formats one message; a key missing in English falls back to Chinese.
Times are shown in the session's time zone (``config.time_zone``, Asia/Shanghai by default), like the dashboards.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

#: The default when no session says otherwise: the experts and the bureau are in Yingkou.
DEFAULT_TZ = "Asia/Shanghai"

ZH = {
    "app_title": "营口市劳务品牌认定 · 专家评审",
    "expert": "评审专家：{name}",
    "progress": "已完成 {done} / {total}",
    "neutral": "链接无效或已失效。如需访问，请联系评审组织方获取新的链接。",
    "unavailable": "评审系统暂时无法打开，请稍后重试或联系评审组织方。",
    "list_title": "分配给您的评审对象",
    "list_empty": "目前没有分配给您的评审对象。",
    "col_no": "编号", "col_unit": "建设单位", "col_brand": "劳务品牌", "col_county": "县(市)区",
    "col_material": "资料评审", "col_site": "实地核查",
    "open": "评分", "view": "查看",
    "state_none": "未开始", "state_draft": "草稿", "state_submitted": "已提交",
    "back": "← 返回列表",
    "part_material": "资料评审", "part_site": "实地核查",
    "sheet_title": "{part}评分表",
    "dossier_title": "申报概况",
    "unit_name": "建设单位", "brand_name": "劳务品牌", "county": "县(市)区", "industry": "行业", "job_type": "工种",
    "unit_type": "单位类型", "founded_on": "成立日期", "trademark_no": "注册商标号", "agreements": "长期合作协议",
    "is_ich": "非遗类", "ich_yes": "是（培训条件按非遗放宽标准）", "ich_no": "否",
    "none": "无", "yes": "是", "no": "否",
    "year": "{year}年", "numbers": "关键数据", "trained": "培训人数", "in_trade": "培训后从事该行业",
    "exported": "自用或输出", "in_trade_ratio": "从业比例", "export_ratio": "输出比例", "total_2y": "两年合计",
    "ledgers": "台账与服务", "training_ledger": "培训台账", "employment_ledger": "就业台账", "follow_up": "跟踪服务",
    "eligibility": "资格审查（第八条）", "eligibility_status": "结论：{status}",
    "status_pass": "通过", "status_check": "待核查", "status_fail": "不通过",
    "criterion_max": "满分 {max} 分，步长 {step}",
    "score_placeholder": "0–{max}",
    "score_label": "得分",
    "comment_placeholder": "评审意见（选填）",
    "note_placeholder": "核查说明（选填）",
    "subtotal": "小计 {value} / {max}",
    "total": "合计 {value} / {max} 分",
    "verdict": "核查结论",
    "cap": "本项上限 {cap} 分",
    "cap_applied": "{item} 按“{verdict}”上限调整为 {cap} 分",
    "starred": "★ 带星号项：结论为“不属实”即提出否决",
    "starred_veto_added": "{items} 为带★项且“不属实”，已提出否决项 {veto}，请填写理由",
    "vetoes_title": "一票否决（如有，须写明理由）",
    "veto_reason_placeholder": "否决理由（必填）",
    "saved": "已保存 {time}",
    "saving": "正在保存……",
    "not_saved": "未保存：{message}",
    "stale": "此评分表已在其他窗口修改，本页的输入尚未保存",
    "stale_explain": "下表是您在本页输入、尚未保存的值，以及其他窗口已保存的当前值。请选择：",
    "stale_nothing": "本页没有未保存的输入。点击下方按钮载入当前保存的评分表。",
    "stale_item": "项目", "stale_yours": "本页输入", "stale_theirs": "当前已保存",
    "stale_empty": "（空）",
    "stale_apply": "采用本页输入并保存", "stale_discard": "放弃本页输入，载入当前值",
    "offline": "网络已断开，最近的修改尚未保存",
    "resync": "网络已恢复，正在保存……",
    "leave_title": "有 {n} 处输入尚未保存（{items}）。",
    "leave_stay": "留在此页", "leave_go": "放弃这些输入并返回列表",
    "locked": "已提交（{time}），评分表只读",
    "submit": "提交评分表",
    "submit_confirm_text": "提交后不能再修改。确认提交这张评分表吗？",
    "submit_confirm": "确认提交",
    "cancel": "取消",
    "submitted": "已提交 {time}",
    "incomplete": "尚有 {n} 处未完成，不能提交：",
    "print": "打印评分表",
    "print_link": "下载评分表 PDF：{name}",
    "print_pdf": "生成 PDF（含签名栏）",
    "evidence_title": "佐证材料（照片、扫描件；{types}；单个文件不超过 {mb} MB）",
    "evidence_upload": "上传文件",
    "evidence_upload_n": "上传文件（已有 {n} 个）",
    "upload_too_big": "文件“{{name}}”（{{size}} MB）超过 {mb} MB，请压缩后再上传",
    "upload_bad_type": "文件“{{name}}”的类型不允许，只能上传 {types} 文件",
    "upload_sending": "正在上传 {{name}}（{{size}} MB，第 {{i}} / {{n}} 个）…… {{pct}}%",
    "upload_broken": "上传中断，请重新选择文件上传。",
    "upload_failed": "文件“{name}”未能上传，请重试",
    "evidence_none": "尚未上传佐证材料。",
    "evidence_remove": "移除",
    "evidence_added": "已上传 {name}",
    "revision": "第 {n} 次修订（原因：{reason}）",
    "submit_success": "✔ 提交成功（{time}）。评分表已锁定；如需修改，请联系评审组织方。",
    "guide_due": "评分截止日期：{due}",
    "guide_todo": "请逐一打开下列评审对象：阅读申报概况和申报材料，按评分细则逐项打分（自动保存），全部填完后点击“提交评分表”。",
    "guide_contact": "如有问题，请联系：{contact}",
    "materials_title": "申报材料（{n} 个文件）",
    "materials_none": "该申报没有提交材料文件。",
    "material_meta": "{pages} 页，{size}",
    "material_meta_file": "{size}，请下载查看",
    "material_download": "下载",
    "material_prev": "‹ 上一页", "material_next": "下一页 ›",
    "material_zoom_in": "放大", "material_zoom_out": "缩小", "material_close": "关闭",
    "material_page": "第 {page} / {pages} 页",
    "material_zoom": "{zoom}%",
}

EN = {
    "app_title": "Yingkou labour-service brand recognition · expert review",
    "expert": "Expert: {name}",
    "progress": "Done {done} / {total}",
    "neutral": "This link is not valid. To get access, ask the organisers for a new link.",
    "unavailable": "The review app cannot be opened right now; try again later or contact the organisers.",
    "list_title": "Candidates assigned to you",
    "list_empty": "Nothing is assigned to you yet.",
    "col_no": "No.", "col_unit": "Unit", "col_brand": "Brand", "col_county": "County",
    "col_material": "Material review", "col_site": "Site inspection",
    "open": "Score", "view": "View",
    "state_none": "not started", "state_draft": "draft", "state_submitted": "submitted",
    "back": "← Back to the list",
    "part_material": "Material review", "part_site": "Site inspection",
    "sheet_title": "{part} sheet",
    "dossier_title": "Application",
    "unit_name": "Unit", "brand_name": "Brand", "county": "County", "industry": "Industry", "job_type": "Job type",
    "unit_type": "Unit type", "founded_on": "Founded on", "trademark_no": "Trademark no.", "agreements": "Agreements",
    "is_ich": "Intangible heritage", "ich_yes": "yes (relaxed training thresholds)", "ich_no": "no",
    "none": "none", "yes": "yes", "no": "no",
    "year": "{year}", "numbers": "Key numbers", "trained": "Trained", "in_trade": "Working in the trade",
    "exported": "Self-employed or exported", "in_trade_ratio": "In-trade ratio", "export_ratio": "Export ratio",
    "total_2y": "Two years",
    "ledgers": "Ledgers and services", "training_ledger": "Training ledger", "employment_ledger": "Employment ledger",
    "follow_up": "Follow-up service",
    "eligibility": "Eligibility (Art. 8)", "eligibility_status": "Result: {status}",
    "status_pass": "pass", "status_check": "check", "status_fail": "fail",
    "criterion_max": "max {max}, step {step}",
    "score_placeholder": "0–{max}",
    "score_label": "Points",
    "comment_placeholder": "Comment (optional)",
    "note_placeholder": "Note (optional)",
    "subtotal": "Subtotal {value} / {max}",
    "total": "Total {value} / {max}",
    "verdict": "Verdict",
    "cap": "At most {cap} points",
    "cap_applied": "{item} lowered to {cap} points for '{verdict}'",
    "starred": "★ starred item: 'not verified' proposes a veto",
    "starred_veto_added": "{items}: a starred item not verified; veto {veto} proposed - write its reason",
    "vetoes_title": "Veto items (if any, with a written reason)",
    "veto_reason_placeholder": "Reason (required)",
    "saved": "Saved {time}",
    "saving": "Saving…",
    "not_saved": "Not saved: {message}",
    "stale": "This sheet was changed in another window; what you typed here is not saved",
    "stale_explain": "What you typed here (not saved) beside what the other window saved. Choose:",
    "stale_nothing": "Nothing unsaved on this page. Load the stored sheet below.",
    "stale_item": "Item", "stale_yours": "Typed here", "stale_theirs": "Stored now",
    "stale_empty": "(empty)",
    "stale_apply": "Apply mine and save", "stale_discard": "Drop mine, load the stored sheet",
    "offline": "Connection lost: the latest changes are not saved",
    "resync": "Back online, saving…",
    "leave_title": "{n} value(s) not saved ({items}).",
    "leave_stay": "Stay here", "leave_go": "Drop them and go back to the list",
    "locked": "Submitted ({time}); the sheet is read-only",
    "submit": "Submit the sheet",
    "submit_confirm_text": "A submitted sheet cannot be changed. Submit it?",
    "submit_confirm": "Submit",
    "cancel": "Cancel",
    "submitted": "Submitted {time}",
    "incomplete": "{n} thing(s) missing; not submitted:",
    "print": "Print the sheet",
    "print_link": "Download the sheet as PDF: {name}",
    "print_pdf": "Make a PDF (with signature line)",
    "evidence_title": "Evidence (photos, scans; {types}; at most {mb} MB each)",
    "evidence_upload": "Upload",
    "evidence_upload_n": "Upload ({n} attached)",
    "upload_too_big": "{{name}} ({{size}} MB) is larger than {mb} MB; compress it and upload again",
    "upload_bad_type": "{{name}}: type not allowed; upload {types} files only",
    "upload_sending": "Uploading {{name}} ({{size}} MB, {{i}} of {{n}})… {{pct}}%",
    "upload_broken": "The upload was interrupted; choose the file again.",
    "upload_failed": "{name} could not be uploaded; try again",
    "evidence_none": "No evidence uploaded.",
    "evidence_remove": "Remove",
    "evidence_added": "Uploaded {name}",
    "revision": "Revision {n} (reason: {reason})",
    "submit_success": "✔ Submitted ({time}). The sheet is locked; to change it, contact the organisers.",
    "guide_due": "Scoring deadline: {due}",
    "guide_todo": "Open each candidate below: read the application and its materials, score every item (saved as you go), then press 'Submit the sheet'.",
    "guide_contact": "Questions: {contact}",
    "materials_title": "Application materials ({n} files)",
    "materials_none": "No material files were handed in with this application.",
    "material_meta": "{pages} page(s), {size}",
    "material_meta_file": "{size}, download to read",
    "material_download": "Download",
    "material_prev": "‹ Previous", "material_next": "Next ›",
    "material_zoom_in": "Zoom in", "material_zoom_out": "Zoom out", "material_close": "Close",
    "material_page": "Page {page} of {pages}",
    "material_zoom": "{zoom}%",
}


def text(key: str, lang: str = "zh", **values) -> str:
    table = EN if lang == "en" else ZH
    return (table.get(key) or ZH[key]).format(**values)


def local(moment: dt.datetime, time_zone: str = DEFAULT_TZ) -> dt.datetime:
    """``moment`` in ``time_zone`` (the session's); naive datetimes from the store are UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(ZoneInfo(time_zone))


def clock(moment: dt.datetime | None = None, time_zone: str = DEFAULT_TZ) -> str:
    """hh:mm:ss in the session's time zone."""
    return local(moment or dt.datetime.now(dt.timezone.utc), time_zone).strftime("%H:%M:%S")


def stamp(moment: dt.datetime | None, time_zone: str = DEFAULT_TZ) -> str:
    """YYYY-MM-DD hh:mm in the session's time zone."""
    return "" if moment is None else local(moment, time_zone).strftime("%Y-%m-%d %H:%M")


def fmt(x: float | None) -> str:
    """Points without trailing zeros: 7.5, 8, 82 (a value as typed, a string, is shown as it is)."""
    if isinstance(x, str):
        return x
    return "" if x is None else f"{x:g}"
