"""The static pages served without a kernel: a link that opens nothing, a busy server, too many requests,
an unknown address. Chinese first (the users' language), a line of English below; the bureau's contact
from the session file. Built once at start-up."""
from __future__ import annotations

import html

from ..panel.tokens import NEUTRAL_EN, NEUTRAL_ZH

FAVICON = "/pt-static/favicon.svg"

TEXT = {
    "neutral": ("访问受限", NEUTRAL_ZH, NEUTRAL_EN),
    "busy": ("系统繁忙", "系统繁忙，请稍后刷新。", "The system is busy; please reload in a moment."),
    "slow": ("请稍后再试", "访问过于频繁，请稍后再试。", "Too many requests; please try again shortly."),
    "home": ("劳务品牌认定评审", "请使用评审组织方发给您的个人链接打开评分或查看页面。",
             "Open your page with the personal link the organisers sent you."),
    "not_found": ("页面不存在", "页面不存在。请使用评审组织方发给您的个人链接。",
                  "No such page. Use the personal link the organisers sent you."),
}

STYLE = """body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f6f8;
color:#222;margin:0}main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;
box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{font-size:1.3rem;margin:0 0 1rem;color:#1a4d8f}p{line-height:1.7}
.en{color:#666;font-size:.9rem}.contact{border-top:1px solid #eee;margin-top:1.2rem;padding-top:.8rem;color:#444}"""


def contact_html(contact: dict[str, str]) -> str:
    labels = (("unit", "联系单位"), ("phone", "电话"), ("email", "电子邮箱"), ("address", "地址"))
    lines = [f"{zh}：{html.escape(contact[k])}" for k, zh in labels if contact.get(k)]
    return f'<div class="contact">{"<br>".join(lines)}</div>' if lines else ""


def page(kind: str, contact: dict[str, str]) -> str:
    title, zh, en = TEXT[kind]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">'
            f'<title>{html.escape(title)} · 劳务品牌认定评审</title><link rel="icon" href="{FAVICON}">'
            f'<style>{STYLE}</style></head><body><main class="pt-static pt-{kind}"><h1>{html.escape(title)}</h1>'
            f'<p>{html.escape(zh)}</p><p class="en" lang="en">{html.escape(en)}</p>{contact_html(contact)}</main>'
            f'</body></html>')


def all_pages(contact: dict[str, str]) -> dict[str, str]:
    return {kind: page(kind, contact) for kind in TEXT}
