"""Simplified Chinese: language selection, catalog completeness, and real output."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from rich.cells import cell_len

from cniselect.i18n import LOCALE_DIR, detect_language, find_lang_flag, normalize_language

ROOT = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "cniselect.po"
MO = PO.with_suffix(".mo")


@pytest.mark.parametrize("flag, environ, expected", [
    ("zh-CN", {}, "zh-CN"),
    ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"CNISELECT_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
    (None, {"CNISELECT_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"LANG": "zh_CN.UTF-8"}, "zh-CN"),
    (None, {"LANG": "zh_CN"}, "zh-CN"),
    (None, {"LANG": "zh-Hans"}, "zh-CN"),
    (None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh-CN"),
    (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh-CN"),
    (None, {"LANG": "zh_TW.UTF-8"}, "en"),
    (None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_language_selection(flag, environ, expected):
    assert detect_language(flag, environ) == expected


@pytest.mark.parametrize("argv, expected", [
    (["recommend", "--lang", "zh-CN"], "zh-CN"),
    (["--lang=en", "matrix"], "en"),
    (["matrix", "--", "--lang", "zh-CN"], None),
    (["matrix"], None),
])
def test_lang_flag_found_before_parsing(argv, expected):
    assert find_lang_flag(argv) == expected


def test_unknown_language_value_is_rejected():
    assert normalize_language("klingon") is None


def test_every_source_message_is_translated():
    extracted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "src" / "cniselect"),
            method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "ngettext": (1, 2)},
        )
    }
    ids = {m if isinstance(m, str) else m[0] for m in extracted}
    catalog = read_po(PO.open("rb"))
    translated = {message.id if isinstance(message.id, str) else message.id[0]
                  for message in catalog if message.id and message.string
                  and not message.fuzzy}
    missing = sorted(ids - translated)
    assert not missing, f"untranslated messages (run pybabel extract/update): {missing}"


def test_translations_keep_placeholders():
    for message in read_po(PO.open("rb")):
        if not message.id or not isinstance(message.id, str):
            continue
        assert set(re.findall(r"\{\w*\}", message.id)) == \
            set(re.findall(r"\{\w*\}", message.string)), message.id


def test_compiled_catalog_matches_po():
    buffer = io.BytesIO()
    write_mo(buffer, read_po(PO.open("rb")))
    assert MO.read_bytes() == buffer.getvalue(), (
        "cniselect.mo is older than cniselect.po: run "
        "`pybabel compile -d src/cniselect/i18n/locale -D cniselect`")


RECOMMEND = ("recommend", "--need", "fixed-ip", "--need", "egress-gateway")


@pytest.mark.parametrize("name, args", [
    ("recommend", RECOMMEND),
    ("matrix", ("matrix",)),
    ("check-failing", ("check", str(ROOT / "tests/fixtures/check/failing.yaml"))),
    ("error", ("recommend", "--need", "fixd-ip")),
])
def test_chinese_golden(run_cli, golden, monkeypatch, name, args):
    monkeypatch.chdir(ROOT / "tests" / "fixtures" / "check")
    if name == "check-failing":
        args = ("check", "failing.yaml")
    result = run_cli(*args, "--lang", "zh-CN")
    golden(f"zh-CN/{name}.txt", result.stdout + result.stderr)


def test_no_english_left_in_chinese_recommend(run_cli):
    result = run_cli(*RECOMMEND, "--lang", "zh-CN")
    for word in ("Needs", "Candidate", "Score", "delivered by", "misses", "Install"):
        assert word not in result.stdout


def test_machine_formats_keep_english_keys(run_cli):
    import json

    data = json.loads(run_cli(*RECOMMEND, "--lang", "zh-CN", "-f", "json").stdout)
    verdict = data["candidates"][0]["verdicts"][0]
    assert verdict["level"] == "full"
    assert "完整" not in verdict["level"]
    assert any("\u4e00" <= char <= "\u9fff" for char in verdict["explanation"])


@pytest.mark.parametrize("columns", [80, 120])
def test_chinese_matrix_columns_align(run_cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run_cli("matrix", "--lang", "zh-CN")
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= columns for line in lines)
    marks = "✔◐+$✘?"
    tables: list[set[tuple[int, ...]]] = [set()]
    for line in lines:
        row = tuple(cell_len(line[:index]) for index, char in enumerate(line) if char in marks)
        if len(row) >= 2 and line.lstrip()[:1].isascii():
            tables[-1].add(row)
        elif tables[-1]:
            tables.append(set())
    tables = [rows for rows in tables if rows]
    assert len(tables) >= 2
    for rows in tables:
        assert len(rows) == 1, f"matrix rows are not aligned at {columns} columns: {rows}"


@pytest.mark.parametrize("columns", [80, 120])
def test_chinese_recommend_fits_terminal(run_cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run_cli(*RECOMMEND, "--lang", "zh-CN")
    widths = [cell_len(line) for line in result.stdout.splitlines()
              if not line.startswith("  helm ")]
    assert max(widths) <= columns


def test_lang_environment_in_a_real_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cniselect", "recommend", "--need", "fixed-ip"],
        capture_output=True, text=True, cwd=tmp_path,
        env={"LANG": "zh_CN.UTF-8", "COLUMNS": "100", "NO_COLOR": "1",
             "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0
    assert "必需能力" in result.stdout


def test_chinese_help(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cniselect", "check", "--help"],
        capture_output=True, text=True, cwd=tmp_path,
        env={"LANG": "zh_CN.UTF-8", "COLUMNS": "80", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0
    assert "选项" in result.stdout
    assert "…" not in result.stdout
