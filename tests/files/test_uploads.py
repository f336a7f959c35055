"""The one upload checker (panel_toolkit/files/uploads.py) with the evidence and the materials rule: every
type of the table with real content (a PDF of generated pages, Pillow images, openpyxl and zip packages),
wrong magic bytes, empty and oversize files, a broken PDF and a PDF with too many pages. Messages are
compared as people read them (the Chinese texts are the ones the facade and the widgets showed before)."""
from __future__ import annotations

import hashlib
import io
import zipfile

import numpy as np
import openpyxl
import pytest
from PIL import Image

from panel_toolkit.config.session import EVIDENCE_LIMITS, UploadLimits
from panel_toolkit.demo.materials import ledger_pdf
from panel_toolkit.errors import InvalidState
from panel_toolkit.files.uploads import TYPES, check_upload, clean_filename
from panel_toolkit.materials import check_material
from panel_toolkit.materials import files as material_files
from panel_toolkit.sheets import evidence

LIMITS = UploadLimits(max_file_mb=1, max_files=5, max_pages=10)
PDF = ledger_pdf("示例单位", 3, np.random.default_rng(7))


def image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def xlsx() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "培训人数"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


#: One real file of every type of the table, and the pages it has.
SAMPLES = {".pdf": (PDF, 3), ".jpg": (image("JPEG"), 1), ".jpeg": (image("JPEG"), 1), ".png": (image("PNG"), 1),
           ".docx": (docx(), 0), ".xlsx": (xlsx(), 0)}


def refused(call) -> InvalidState:
    with pytest.raises(InvalidState) as e:
        call()
    return e.value


def test_the_samples_cover_the_type_table():
    assert set(SAMPLES) == set(TYPES)
    assert set(evidence.ALLOWED) == {".jpg", ".jpeg", ".png", ".pdf"} and set(material_files.TYPES) == set(TYPES)


@pytest.mark.parametrize("ext", sorted(TYPES))
def test_every_type_is_taken_as_material_with_its_media_type_and_pages(ext):
    content, pages = SAMPLES[ext]
    c = check_material(f"材料{ext.upper()}", content, LIMITS)
    assert (c.filename, c.media_type, c.size, c.pages) == (f"材料{ext.upper()}", TYPES[ext].media_type, len(content), pages)
    assert c.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("ext", sorted(TYPES))
def test_evidence_takes_photos_and_scans_only(ext):
    content, pages = SAMPLES[ext]
    if ext in evidence.ALLOWED:
        c = evidence.check_evidence(f"现场{ext}", content)
        assert (c.media_type, c.pages) == (TYPES[ext].media_type, pages)
        assert c.stored_name == c.sha256[:16] + ext
    else:
        e = refused(lambda: evidence.check_evidence(f"现场{ext}", content))
        assert e.zh == f"文件“现场{ext}”的类型不允许；只能上传 jpeg、jpg、pdf、png 文件。"
        assert e.en == f"现场{ext}: file type not allowed; upload jpeg, jpg, pdf, png files only."


@pytest.mark.parametrize("ext", sorted(TYPES))
def test_content_that_is_not_what_the_name_says_is_refused(ext):
    other = SAMPLES[".png" if ext != ".png" else ".pdf"][0]
    e = refused(lambda: check_material(f"a{ext}", other, LIMITS))
    assert e.zh == f"文件“a{ext}”的内容与扩展名 {ext} 不符。" and e.en == f"a{ext}: the content is not a {ext} file."


def test_a_type_outside_the_table_is_refused_with_the_material_wording():
    e = refused(lambda: check_material("setup.exe", b"MZ\x90\x00", LIMITS))
    assert e.zh == "文件“setup.exe”的类型不允许；申报材料只能是 docx、jpeg、jpg、pdf、png、xlsx 文件。"
    assert e.en == "setup.exe: type not allowed; materials must be docx, jpeg, jpg, pdf, png, xlsx files."


def test_empty_and_oversize_files_are_refused_with_each_rule_s_wording():
    assert refused(lambda: evidence.check_evidence("a.png", b"")).zh == "文件“a.png”是空文件。"
    big = SAMPLES[".png"][0] + bytes(1024 * 1024)
    small = UploadLimits(max_file_mb=1, max_files=5, max_pages=10)
    assert refused(lambda: evidence.check_evidence("大图.png", big, small)).zh == \
        "文件“大图.png”大小 1.0 MB，超过上限 1 MB，请压缩后再上传。"
    assert refused(lambda: check_material("大图.png", big, small)).zh == "文件“大图.png”大小 1.0 MB，超过 1 MB，请压缩后再上传。"
    at_limit = SAMPLES[".png"][0] + bytes(small.max_bytes - len(SAMPLES[".png"][0]))
    assert check_material("正好.png", at_limit, small).size == small.max_bytes     # the limit itself is allowed


@pytest.mark.parametrize("broken", [PDF[: len(PDF) // 2], b"%PDF-1.4 demo", b"%PDF-1.7\n" + bytes(3000)])
def test_a_broken_pdf_is_refused_as_evidence_and_as_material(broken):
    for call in (lambda: evidence.check_evidence("扫描件.pdf", broken), lambda: check_material("扫描件.pdf", broken, LIMITS)):
        assert refused(call).zh == "文件“扫描件.pdf”不是可打开的 PDF（已损坏或已加密）。"


def test_a_pdf_with_too_many_pages_is_refused_as_evidence():
    limits = UploadLimits(max_file_mb=8, max_files=20, max_pages=2)
    e = refused(lambda: evidence.check_evidence("现场记录.pdf", PDF, limits))
    assert e.zh == "文件“现场记录.pdf”有 3 页，超过 2 页的上限，请拆分后再上传。"
    assert e.en == "现场记录.pdf has 3 pages, above the 2-page limit; split it."
    assert evidence.check_evidence("现场记录.pdf", PDF, UploadLimits(8, 20, 3)).pages == 3   # the limit itself is allowed


def test_an_unknown_material_kind_is_refused_in_both_languages():
    e = refused(lambda: check_material("a.png", SAMPLES[".png"][0], LIMITS, kind="receipt"))
    assert e.zh.startswith("材料类别 receipt 不存在；可选：licence、training")
    assert e.en.startswith("No material kind receipt; one of licence, training")


@pytest.mark.parametrize("raw, clean", [("../../etc/现场照片.png", "现场照片.png"), ("C:\\Users\\王\\扫描件.pdf", "扫描件.pdf"),
                                        ("a\x00b\u202e.png", "ab.png"), ("  多   空格 .jpg ", "多 空格 .jpg"), ("", "file"),
                                        ("/", "file"), ("长" * 200 + ".png", "长" * 120)])
def test_clean_filename_keeps_only_a_name_to_show(raw, clean):
    assert clean_filename(raw) == clean
    assert evidence.clean_filename is clean_filename and material_files.clean_filename is clean_filename


def test_the_checker_is_one_function_for_both_rules():
    png = SAMPLES[".png"][0]
    a = check_upload("a.png", png, evidence.rule(EVIDENCE_LIMITS))
    b = check_upload("a.png", png, material_files.rule(LIMITS))
    assert a == b and material_files.allowed_text("en") == "docx, jpeg, jpg, pdf, png, xlsx"
    assert material_files.kind_label("photo") == "照片" and material_files.kind_label("photo", "en") == "Photos"
