"""The bad-input corpus: every malformed answers file or rule pack exits 1 with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "bad_inputs"


# no ./answers.yml: `recommend --rules PACK` below takes no --answers
pytestmark = pytest.mark.usefixtures("in_empty_folder")


def _expectations(folder: Path, fields: int) -> list[list[str]]:
    """Rows of EXPECT: ``fields`` words, then optionally the text the message must contain."""
    lines = (folder / "EXPECT").read_text(encoding="utf-8").splitlines()
    rows = [line.split(maxsplit=fields) for line in lines if line.strip()]
    return [row + [""] * (fields + 1 - len(row)) for row in rows]


@pytest.mark.parametrize(
    ("name", "line", "code", "message"), _expectations(CORPUS / "answers", 3), ids=lambda v: str(v)
)
def test_bad_answers_file(name: str, line: str, code: str, message: str) -> None:
    path = CORPUS / "answers" / name
    code_, output = _run_main(["recommend", "--answers", str(path), "--format", "json"])
    assert code_ == 1
    assert f"{name}:{line}: {code}:" in output
    assert message in output
    assert "Traceback" not in output
    # the message says what is allowed (or known), not just that something is wrong
    assert "allowed" in output or "known" in output or code in ("ADV101", "ADV102")


@pytest.mark.parametrize(
    ("case", "file", "line", "code", "message"),
    _expectations(CORPUS / "packs", 4),
    ids=lambda v: str(v),
)
def test_bad_rule_pack(case: str, file: str, line: str, code: str, message: str) -> None:
    pack = CORPUS / "packs" / case
    code_, output = _run_main(["rules", "check", str(pack)])
    assert code_ == 1
    assert f"{case}/{file}:{line}: {code}: " in output
    assert message in output
    # The same pack used with --rules is refused with the same message, before any scoring.
    code_, output = _run_main(["recommend", "--rules", str(pack)])
    assert code_ == 1
    assert f"{file}:{line}: {code}:" in output or code == "ADV108"


def test_corpus_is_large_enough() -> None:
    answers, packs = _expectations(CORPUS / "answers", 3), _expectations(CORPUS / "packs", 4)
    assert len(answers) + len(packs) >= 15


def _run_main(args: list[str]) -> tuple[int, str]:
    """Run through ``advisor.cli.entry.main``, the console script's error-to-exit-code mapping."""
    import contextlib
    import io
    import sys

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["advisor", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            from advisor.cli.entry import main

            try:
                main()
                code = 0
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        sys.argv = argv
    return code, out.getvalue() + err.getvalue()
