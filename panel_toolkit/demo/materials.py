"""A plausible dossier for each demo application: a 营业执照 image, a 培训台账 PDF (a few pages of rows),
a 合作协议 PDF and a site photo. Drawn with Pillow (multi-page PDF by ``save_all``); every page says 示例.

The CJK font is Debian's fonts-wqy-microhei when installed (else Pillow's built-in font, which draws
only ASCII: the files are still valid, just without Chinese)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
K = 1.5                  # pixels per point: A4 drawn at 108 dpi, sharp at the viewer's zoom 1.4, still small
A4 = (int(595 * K), int(842 * K))


def _font(size: int):
    from PIL import ImageFont

    for p in FONT_PATHS:
        if Path(p).exists():
            return ImageFont.truetype(p, size)
    return ImageFont.load_default()


def _page(title: str, lines: list[str], footer: str):
    from PIL import Image, ImageDraw

    img = Image.new("L", A4, 255)      # greyscale: a third of the bytes of RGB
    d = ImageDraw.Draw(img)
    x = lambda v: int(v * K)  # noqa: E731
    d.text((x(60), x(50)), title, fill=0, font=_font(x(22)))
    d.line((x(60), x(88), A4[0] - x(60), x(88)), fill=60, width=2)
    small = _font(x(13))
    for i, line in enumerate(lines):
        d.text((x(60), x(106 + i * 24)), line, fill=30, font=small)
    d.text((x(60), A4[1] - x(50)), footer, fill=120, font=small)
    d.text((A4[0] - x(140), A4[1] - x(52)), "（示例材料）", fill=80, font=_font(x(16)))
    return img


def pdf_bytes(pages) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=list(pages[1:]), resolution=72 * K)
    return buf.getvalue()


def png_bytes(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def ledger_pdf(unit: str, pages: int, rng: np.random.Generator, title: str = "培训台账") -> bytes:
    """A ledger of ``pages`` pages, 26 trainee rows each (the benchmark uses a 30-page one)."""
    out = []
    n = 0
    for p in range(pages):
        rows = ["序号    姓名      培训项目          培训日期       结业   就业去向"]
        for _ in range(26):
            n += 1
            rows.append(f"{n:>4}    学员{n:04d}   {['家政服务', '焊工', '电工', '养老护理'][n % 4]}          "
                        f"2023-{1 + n % 12:02d}-{1 + n % 27:02d}     是     {['本地就业', '劳务输出', '自主创业'][int(rng.integers(3))]}")
        out.append(_page(f"{unit} {title}", rows, f"第 {p + 1} 页 / 共 {pages} 页"))
    return pdf_bytes(out)


def dossier(unit: str, brand: str, code: str, rng: np.random.Generator) -> list[tuple[str, bytes]]:
    licence = _page("营业执照", [f"统一社会信用代码：{code}", f"名称：{unit}", "类型：有限责任公司",
                              "住所：辽宁省营口市（示例地址）", "成立日期：2015年03月12日"], "营口市市场监督管理局（示例）")
    agreement = [_page("劳务合作协议", [f"甲方：{unit}", f"乙方：用工企业{i + 1}（示例）", "合作期限：三年",
                                      f"合作内容：{brand}人员推荐就业与跟踪服务", "双方签字盖章：（示例）"],
                       f"第 {i + 1} 份") for i in range(2)]
    from PIL import Image, ImageDraw

    photo = Image.new("RGB", (800, 600), (200, 220, 235))
    d = ImageDraw.Draw(photo)
    d.rectangle((100, 200, 700, 520), fill=(150, 170, 190))
    d.text((120, 80), f"{brand} 培训现场（示例照片）", fill="black", font=_font(32))
    return [("营业执照.png", png_bytes(licence)), ("培训台账.pdf", ledger_pdf(unit, 3, rng)),
            ("合作协议.pdf", pdf_bytes(agreement)), ("培训现场照片.png", png_bytes(photo))]


def add_demo_materials(session, seed: int = 2024) -> int:
    """Give every application of the demo session its dossier (as the city). Returns the files added."""
    rng = np.random.default_rng(seed)
    apps = session.applications_frame()
    n = 0
    for app_id, row in apps.iterrows():
        n += len(session.add_materials(int(app_id), dossier(str(row["unit_name"]), str(row["brand_name"]),
                                                           str(row["credit_code"]), rng)))
    return n
