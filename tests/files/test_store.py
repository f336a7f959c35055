"""The one file store (panel_toolkit/files/store.py): the layouts existing workspaces have, atomic writes
that leave nothing half-written when the disk refuses (a real file-size limit in a child process, a folder
that is a file), and reads whose OS errors and SHA-256 mismatches are domain errors."""
from __future__ import annotations

import errno
import hashlib
import subprocess
import sys
import textwrap

import pytest

from panel_toolkit.errors import InvalidState
from panel_toolkit.files.store import write_atomic
from panel_toolkit.materials import MaterialStore
from panel_toolkit.sheets.evidence import EvidenceStore, check_evidence

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
SHA = hashlib.sha256(PNG).hexdigest()


def leftovers(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_materials_are_stored_by_content_once(tmp_path):
    store = MaterialStore(tmp_path)
    path = store.put(SHA, PNG, "照片.png")
    assert path == tmp_path / "materials" / SHA[:2] / SHA and path.read_bytes() == PNG
    assert store.put(SHA, PNG) == path and leftovers(tmp_path) == [SHA]          # the same file twice: kept once
    assert store.get(SHA, "照片.png") == PNG
    with pytest.raises(ValueError):
        store.put(SHA, PNG + b"x")                                               # bytes that are not the hash named


def test_evidence_keeps_the_per_sheet_folder_layout(tmp_path):
    checked = check_evidence("../现场照片.png", PNG)
    store = EvidenceStore(tmp_path)
    path = store.put(12, checked, PNG)
    assert path == tmp_path / "evidence" / "12" / f"{SHA[:16]}.png" == store.folder(12) / checked.stored_name
    assert store.get(12, checked.stored_name, checked.filename, checked.sha256) == PNG
    with pytest.raises(ValueError):
        store.read("12/../../materials/x")                                      # never a path outside the store


def test_a_missing_file_is_a_domain_error_naming_it(tmp_path):
    with pytest.raises(InvalidState) as e:
        MaterialStore(tmp_path).get(SHA, "营业执照.pdf")
    assert (e.value.zh, e.value.en) == ("材料“营业执照.pdf”的文件已丢失。", "The file of material 营业执照.pdf is missing.")
    with pytest.raises(InvalidState) as e:
        EvidenceStore(tmp_path).get(3, f"{SHA[:16]}.png", "现场照片.png", SHA)
    assert e.value.zh == "佐证文件“现场照片.png”已丢失。"


def test_an_unreadable_file_is_a_domain_error_with_the_os_error_kept_for_the_log(tmp_path):
    store = EvidenceStore(tmp_path)
    (store.folder(3) / f"{SHA[:16]}.png").mkdir(parents=True)                  # a folder where the file should be
    with pytest.raises(InvalidState) as e:
        store.get(3, f"{SHA[:16]}.png", "现场照片.png", SHA)
    assert e.value.zh == "佐证文件“现场照片.png”无法读取，请联系管理员检查服务器上的文件。"
    assert isinstance(e.value.__cause__, OSError)


def test_a_file_changed_on_disk_is_refused(tmp_path):
    mat, ev = MaterialStore(tmp_path), EvidenceStore(tmp_path)
    mat.put(SHA, PNG).write_bytes(PNG[:-1] + b"\x01")
    with pytest.raises(InvalidState) as e:
        mat.get(SHA, "照片.png")
    assert e.value.zh == "材料“照片.png”已被改动或损坏。"
    checked = check_evidence("现场照片.png", PNG)
    ev.put(5, checked, PNG).write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(InvalidState) as e:
        ev.get(5, checked.stored_name, checked.filename, checked.sha256)
    assert (e.value.zh, e.value.en) == ("佐证文件“现场照片.png”已被改动或损坏。", "Evidence file 现场照片.png was altered.")


FULL_DISK = textwrap.dedent("""
    import resource, signal, sys
    from pathlib import Path
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # the write fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    from panel_toolkit.errors import InvalidState
    from panel_toolkit.sheets.evidence import EvidenceStore, check_evidence
    content = b"\\x89PNG\\r\\n\\x1a\\n" + bytes(20000)
    try:
        EvidenceStore(Path(sys.argv[1])).put(7, check_evidence("现场照片.png", content), content)
    except InvalidState as e:
        print(e.zh, type(e.__cause__).__name__)
""")


def test_a_write_the_disk_refuses_leaves_no_partial_file(tmp_path):
    out = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path)], check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "佐证文件“现场照片.png”未能保存（服务器磁盘已满或不可写），请联系管理员。 OSError"
    assert (tmp_path / "evidence" / "7").is_dir() and leftovers(tmp_path) == []   # no file, no temporary file


def test_a_folder_that_cannot_be_made_is_a_domain_error_and_leaves_nothing(tmp_path):
    (tmp_path / "materials").write_bytes(b"not a folder")
    with pytest.raises(InvalidState) as e:
        MaterialStore(tmp_path).put(SHA, PNG, "照片.png")
    assert e.value.zh == "材料“照片.png”未能保存（服务器磁盘已满或不可写），请联系管理员。"
    assert leftovers(tmp_path) == ["materials"]


def test_an_atomic_write_replaces_the_whole_file_or_keeps_the_old_one(tmp_path):
    target = tmp_path / "a" / "b.bin"
    write_atomic(target, b"old")
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content" and leftovers(tmp_path) == ["b.bin"]

    out = subprocess.run([sys.executable, "-c", REPLACE_OVER_LIMIT, str(target)], check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"OSError {errno.EFBIG}"
    assert target.read_bytes() == b"new content" and leftovers(tmp_path) == ["b.bin"]   # the old file, whole


REPLACE_OVER_LIMIT = textwrap.dedent("""
    import resource, signal, sys
    from pathlib import Path
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    from panel_toolkit.files.store import write_atomic
    try:
        write_atomic(Path(sys.argv[1]), bytes(20000))
    except OSError as e:
        print("OSError", e.errno)
""")
