"""The CLI's safety promises (SECURITY.md): each test is one finding of the security review.

Output files replace only regular files and links; inputs are bounded (size, aliases,
nesting) and echoed values are cut short; generated-docs commands delete only pages they
generated; Markdown and CSV output escape every user-controlled text.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import stat
from pathlib import Path

import markdown
import pytest
from typer.testing import CliRunner

from advisor.cli.main import app
from advisor.errors import brief
from advisor.yaml_source import MAX_ALIAS_NODES, MAX_BYTES

# no ./answers.yml: commands here that take no --answers use the defaults
pytestmark = pytest.mark.usefixtures("in_empty_folder")
RUNNER = CliRunner()
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def invoke(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, MemoryError | RecursionError)
    return result.exit_code, result.output


# --- output files: only regular files and links are ever replaced --------------------------


def test_output_refuses_a_fifo_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out = invoke("recommend", "-o", str(fifo), "--force")
    assert code == 1
    assert "ADV112" in out
    assert "FIFO" in out
    assert fifo.is_fifo()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_refuses_a_device_node_even_with_force(tmp_path: Path) -> None:
    full = tmp_path / "full"  # the same device as /dev/full, made in a temporary folder
    os.mknod(full, stat.S_IFCHR | 0o600, os.makedev(1, 7))
    code, out = invoke("recommend", "-o", str(full), "--force")
    assert code == 1
    assert "is a device" in out
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_output_refuses_a_folder(tmp_path: Path) -> None:
    code, out = invoke("recommend", "-o", str(tmp_path), "--force", "-f", "json")
    assert code == 1
    assert "is a folder" in out
    assert tmp_path.is_dir()


def test_output_symlink_is_replaced_never_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious\n")
    link = tmp_path / "report.md"
    link.symlink_to(target)
    code, out = invoke("recommend", "-o", str(link), "-f", "markdown")
    assert code == 1
    assert "report.md: ADV111" in out  # names the link as given, not its target
    code, out = invoke("recommend", "-o", str(link), "-f", "markdown", "--force")
    assert code == 0, out
    assert target.read_text() == "precious\n"
    assert not link.is_symlink()
    assert link.read_text().startswith("# ")


def test_a_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "missing")
    code, out = invoke("recommend", "-o", str(link), "-f", "json")
    assert code == 1
    assert "--force" in out
    assert not (tmp_path / "missing").exists()


def test_a_new_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    out_file = tmp_path / "r.json"
    code, _ = invoke("recommend", "-o", str(out_file), "-f", "json")
    assert code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o666 & ~umask


# --- bounded input ---------------------------------------------------------------------------


def _bomb(levels: int, width: int = 9) -> str:
    """Nested aliases under a valid key: tiny on disk, width**levels values expanded."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"workflow_duration: [{', '.join([f'*a{levels - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [4, 6])
def test_alias_bomb_is_refused_with_file_and_limit(tmp_path: Path, levels: int) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(_bomb(levels))
    assert len(answers.read_bytes()) < 1500  # the finding: a file of about 1 KB
    code, out = invoke("recommend", "--answers", str(answers))
    assert code == 1
    assert "answers.yml:" in out
    assert "ADV113" in out
    assert f"{MAX_ALIAS_NODES:,} nodes" in out
    assert len(out) < 1000


def test_alias_bomb_in_a_rule_pack_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: p\n" + _bomb(6).replace("workflow_duration", "x"))
    code, out = invoke("rules", "check", str(pack))
    assert code == 1
    assert "pack.yaml:" in out and "ADV113" in out


def test_recursive_alias_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yml"
    loop.write_text("workflow_duration: &r [*r]\n")
    code, out = invoke("recommend", "--answers", str(loop))
    assert code == 1
    assert "refers to a node that contains it" in out
    deep = tmp_path / "deep.yml"
    deep.write_text("x: &x 1\nworkflow_duration: " + "[" * 5000 + "*x" + "]" * 5000 + "\n")
    code, out = invoke("recommend", "--answers", str(deep))
    assert code == 1
    assert "nested deeper than" in out


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("traffic: &t spiky\nworkflow_duration: minutes\n")
    code, out = invoke("recommend", "--answers", str(answers), "-f", "json")
    assert code == 0, out


def test_input_files_are_capped_in_size(tmp_path: Path) -> None:
    answers = tmp_path / "big.yml"
    answers.write_text("workflow_duration: minutes\n" + "#" * MAX_BYTES)
    code, out = invoke("recommend", "--answers", str(answers))
    assert code == 1
    assert "big.yml: ADV113" in out
    assert f"{MAX_BYTES:,} bytes" in out


def test_echoed_values_are_bounded(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("workflow_duration: " + "x" * 100_000 + "\n")
    code, out = invoke("recommend", "--answers", str(answers))
    assert code == 1
    assert "answers.yml:1: ADV104" in out
    assert len(out) < 500
    nested: object = "x"
    for _ in range(50):
        nested = [nested] * 50
    assert len(brief(nested)) <= 80
    assert len(brief("y" * 10**6)) <= 80


# --- generated docs --------------------------------------------------------------------------


def test_rules_docs_deletes_only_pages_it_generated(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "README.md").write_text("# Our docs\n")
    (out / "CHANGELOG.md").write_text("# Changes\n")
    (out / "ABC001.md").write_text("Our own notes, named like a rule page.\n")
    (out / "XYZ999.md").write_text("# XYZ999: a rule that no longer exists\n")
    code, output = invoke("rules", "docs", "--out", str(out))
    assert code == 0, output
    assert (out / "README.md").read_text() == "# Our docs\n"
    assert (out / "CHANGELOG.md").read_text() == "# Changes\n"
    assert (out / "ABC001.md").is_file()
    assert not (out / "XYZ999.md").exists()  # a stale generated page is removed
    assert (out / "index.md").is_file()
    code, output = invoke("rules", "docs", "--out", str(out), "--check")
    assert code == 0, output  # unrelated files are not "left over" pages


def test_docs_reference_keeps_other_files_and_refuses_a_socket(tmp_path: Path) -> None:
    out = tmp_path / "ref"
    out.mkdir()
    (out / "README.md").write_text("keep\n")
    code, output = invoke("docs", "reference", "--out", str(out))
    assert code == 0, output
    assert (out / "README.md").read_text() == "keep\n"
    (out / "cli.md").unlink()
    # a socket, not a FIFO: opening a FIFO to write would block forever without the check
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(out / "cli.md"))
        code, output = invoke("docs", "reference", "--out", str(out))
    assert code == 1
    assert "cli.md: ADV112: is a socket" in output
    assert stat.S_ISSOCK(os.lstat(out / "cli.md").st_mode)


# --- Markdown and CSV output -----------------------------------------------------------------


def _hostile_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "acme"
    (pack / "policy").mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        f"name: '{SCRIPT}'\nversion: '{IMG}'\nfamilies: {{policy: ACM}}\n"
    )
    (pack / "policy" / "ACM001-policy.yaml").write_text(
        "id: ACM001\ntitle: 'Policy <b onmouseover=alert(3)>x</b>'\n"
        "when: {ops_maturity: [low, medium]}\n"
        "effects: {serverless: 0, long_running: -30, hybrid: -30}\n"
        f"why: '{SCRIPT} `code` [link](javascript:alert(4))'\n"
        "source: {facts: [lambda_max_timeout]}\n"
        "examples:\n  fires: [{ops_maturity: low}]\n  ok: [{ops_maturity: high}]\n"
    )
    return pack


def _html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=["tables", "fenced_code"])


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    for tag in ("<script", "<img", "<b onmouseover", 'href="javascript'):
        assert tag not in lowered, tag


@pytest.mark.parametrize("fmt", ["markdown", "adr"])
def test_pack_and_workload_names_cannot_inject_html(tmp_path: Path, fmt: str) -> None:
    pack = _hostile_pack(tmp_path)
    answers = tmp_path / f"{IMG}.yml"  # the workload is named after its answers file
    answers.write_text("ops_maturity: low\n")
    report = tmp_path / "report.md"
    code, out = invoke(
        "recommend", "--rules", str(pack), "-a", str(answers), "-f", fmt, "-o", str(report)
    )
    assert code == 0, out
    html = _html(report.read_text(encoding="utf-8"))
    _assert_inert(html)
    assert "&lt;script&gt;" in html  # shown as text, not dropped


def test_portfolio_names_and_errors_cannot_inject_html(tmp_path: Path) -> None:
    pack = _hostile_pack(tmp_path)
    portfolio = tmp_path / "portfolio.yml"
    portfolio.write_text(
        f"'{SCRIPT}': {{ops_maturity: low}}\n"
        f"'{IMG}': {{workflow_duration: '`{SCRIPT}`'}}\n"  # broken: its error quotes the value
    )
    report = tmp_path / "portfolio.md"
    code, _ = invoke("portfolio", str(portfolio), "--rules", str(pack), "-o", str(report))
    assert code == 1  # one broken workload
    text = report.read_text(encoding="utf-8")
    assert "could not be assessed" in text
    _assert_inert(_html(text))


def test_csv_cells_cannot_start_a_formula(tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio.yml"
    portfolio.write_text(
        "'=HYPERLINK(\"http://x\")': {}\n'+1': {}\n'-cmd': {}\n'@SUM(A1)': {}\nplain: {}\n"
    )
    table = tmp_path / "portfolio.csv"
    code, out = invoke("portfolio", str(portfolio), "-f", "csv", "-o", str(table))
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    names = [r["workload"] for r in rows]
    assert names == ['\'=HYPERLINK("http://x")', "'+1", "'-cmd", "'@SUM(A1)", "plain"]
    assert all(not r["score_serverless"].startswith("'") for r in rows)  # numbers untouched


def test_pack_text_is_never_read_as_terminal_markup(tmp_path: Path) -> None:
    pack = _hostile_pack(tmp_path)
    meta = pack / "pack.yaml"
    meta.write_text(meta.read_text().replace(f"'{SCRIPT}'", "'[/bold] [link=https://x.example]y'"))
    code, out = invoke("recommend", "--rules", str(pack), "--set", "ops_maturity=low")
    assert code == 0, out  # a closing tag nobody opened used to crash rich
    assert "[/bold] [link=https://x.example]y" in out


def test_markdown_drops_control_characters(tmp_path: Path) -> None:
    answers = tmp_path / "bot\x1b[31mred\x07.yml"  # a terminal colour code and a bell
    answers.write_text("ops_maturity: low\n")
    report = tmp_path / "report.md"
    code, out = invoke("recommend", "-a", str(answers), "-f", "markdown", "-o", str(report))
    assert code == 0, out
    text = report.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    assert "bot\\[31mred" in text


def test_error_output_is_bounded_for_a_huge_broken_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("".join(f"unknown_{i}: 1\n" for i in range(2000)))
    code, out = invoke("recommend", "--answers", str(answers))
    assert code == 1
    assert out.count("ADV103") == 50
    assert "… and 1950 more" in out
