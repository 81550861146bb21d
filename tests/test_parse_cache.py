"""The parsed-rules cache: equal to parsing, never stale, only valid packs written, JSON exact."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor import api, resources, yaml_source
from advisor.errors import InputError
from advisor.rules import parse_cache
from advisor.rules.loader import load_shipped

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(parse_cache.ENV_DIR, str(folder))
    monkeypatch.delenv(parse_cache.ENV_OFF, raising=False)
    return folder


def test_encoding_round_trips_types_order_and_dates() -> None:
    data = {
        "z": [1, 2.5, True, None, "x", -0.0],
        "a": {"as_of": dt.date(2026, 1, 31), "later": {"b": 1, "a": 2}},
        "big": 10**30,
    }
    text = json.dumps({"format": parse_cache.FORMAT, "files": {"k": parse_cache.encode(data)}})
    back = parse_cache.decode_text(text)["k"]
    assert parse_cache.same(back, data)
    assert list(back) == ["z", "a", "big"]
    assert back["a"]["as_of"] == dt.date(2026, 1, 31)
    assert not parse_cache.same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # order is data
    assert not parse_cache.same([True], [1])


@pytest.mark.parametrize(
    "value",
    [
        {1, 2},
        dt.datetime(2026, 1, 1, 12, 0),
        {1: "int key"},
        {"$date": "a mapping that looks like a tagged date"},
        float("nan"),
        b"bytes",
    ],
    ids=repr,
)
def test_values_json_cannot_carry_exactly_are_refused(value: Any) -> None:
    with pytest.raises(parse_cache.Uncacheable):
        parse_cache.encode({"key": [value]})


def test_unusable_cache_files_are_empty() -> None:
    assert parse_cache.decode_text("not json") == {}
    assert parse_cache.decode_text('{"format": 0, "files": {"k": 1}}') == {}
    assert parse_cache.decode_text("[1, 2]") == {}


def test_cached_load_equals_parsing_every_file(cache_dir: Path) -> None:
    first = parse_cache.reader()
    uncached = load_shipped((), first)
    files = first.misses
    assert files >= 60 and first.hits == 0  # questions, facts, pack.yaml and every rule
    first.save()
    second = parse_cache.reader()
    cached = load_shipped((), second)
    assert (second.hits, second.misses) == (files, 0)
    for key, data in second.parsed().items():
        assert parse_cache.same(data, first.parsed()[key]), key
    assert cached.name == uncached.name and cached.version == uncached.version
    assert cached.questionnaire == uncached.questionnaire
    assert cached.facts == uncached.facts
    for a, b in zip(cached.rules, uncached.rules, strict=True):
        assert (a.id, a.when, a.effects, a.veto, a.risk, a.source, a.path) == (
            b.id, b.when, b.effects, b.veto, b.risk, b.source, b.path,
        )  # fmt: skip
        assert (a.examples_fire, a.examples_ok) == (b.examples_fire, b.examples_ok)
    for scenario in SCENARIOS:
        answers = yaml_source.load(scenario)["answers"]
        assert api.assess(answers, cached).to_dict() == api.assess(answers, uncached).to_dict()


def test_load_rules_writes_the_cache_once_and_reads_it_after(cache_dir: Path) -> None:
    api.load_rules()
    [store] = cache_dir.glob("rules-*.json")
    written = store.stat().st_mtime_ns, store.read_bytes()
    api.load_rules()
    assert (store.stat().st_mtime_ns, store.read_bytes()) == written  # all hits: not rewritten
    assert len(parse_cache.decode_text(written[1].decode())) >= 60


def test_cache_off_reads_and_writes_nothing(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parse_cache.ENV_OFF, "1")
    read = parse_cache.reader()
    load_shipped((), read)
    read.save()
    assert read.hits == 0 and read.misses >= 60
    assert not cache_dir.exists()


def test_a_corrupt_cache_is_ignored_and_replaced(cache_dir: Path) -> None:
    api.load_rules()
    [store] = cache_dir.glob("rules-*.json")
    store.write_text('{"format": 1, "files": ', encoding="utf-8")
    read = parse_cache.reader()
    load_shipped((), read)
    assert read.hits == 0
    read.save()
    assert len(parse_cache.decode_text(store.read_text(encoding="utf-8"))) == read.misses


def test_an_unwritable_cache_costs_only_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(parse_cache.ENV_DIR, str(blocker / "cache"))
    monkeypatch.delenv(parse_cache.ENV_OFF, raising=False)
    assert api.load_rules().rules  # mkdir fails inside save(); the load still succeeds
    assert not list(tmp_path.glob("**/.rules-*.tmp"))


def test_organisation_packs_are_parsed_not_cached(cache_dir: Path, tmp_path: Path) -> None:
    pack = tmp_path / "org"
    shutil.copytree(resources.default_pack() / "latency", pack / "latency")
    for path in (pack / "latency").glob("*.yaml"):  # renumber: ids must not collide
        renamed = path.with_name(path.name.replace("LAT", "ORG"))
        renamed.write_text(path.read_text(encoding="utf-8").replace("id: LAT", "id: ORG"))
        path.unlink()
    read = parse_cache.reader()
    ruleset = load_shipped([pack], read)
    assert any(r.id.startswith("ORG") for r in ruleset.rules)
    shipped_files = read.misses
    read.save()
    store = next(cache_dir.glob("rules-*.json"))
    assert len(parse_cache.decode_text(store.read_text(encoding="utf-8"))) == shipped_files
    assert shipped_files == len(list(resources.rules_dir().rglob("*.yaml")))


def test_json_files_are_read_strictly_or_by_the_yaml_parser(tmp_path: Path) -> None:
    good = tmp_path / "a.json"
    good.write_text('{"b": [1, 2.5, true, null], "a": "\\u00e9"}', encoding="utf-8")
    assert parse_cache.same(yaml_source.load(good), {"b": [1, 2.5, True, None], "a": "é"})
    dup = tmp_path / "dup.json"
    dup.write_text('{\n  "state": "none",\n  "state": "per_run"\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        yaml_source.load(dup)  # json.loads would keep the last value silently
    assert f"{dup.name}:3:" in str(caught.value)
    nan = tmp_path / "nan.json"
    nan.write_text('{"context_kb": NaN}', encoding="utf-8")
    assert yaml_source.load(nan) == {"context_kb": "NaN"}  # as YAML reads it: text


def _copy_checkout(dest: Path) -> Path:
    """advisor/ and rules/ side by side, as in a checkout: resources finds rules/ there."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "advisor", dest / "advisor", ignore=ignore)
    shutil.copytree(ROOT / "rules", dest / "rules")
    return dest / "rules"


def test_an_edited_checkout_is_seen_at_once(tmp_path: Path) -> None:
    rules = _copy_checkout(tmp_path / "checkout")
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "checkout"),
        parse_cache.ENV_DIR: str(tmp_path / "cache"),
    }
    env.pop(parse_cache.ENV_OFF, None)

    def recommend(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "advisor", "recommend", "-f", "json",
             "--set", "streaming=required", *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip

    def lat004(result: subprocess.CompletedProcess[str]) -> dict[str, int]:
        assert result.returncode == 0, result.stderr
        fired = {f["id"]: f for f in json.loads(result.stdout)["fired"]}
        return dict(fired["LAT004"]["effects"])

    assert lat004(recommend())["serverless"] == -20
    [store] = (tmp_path / "cache").glob("rules-*.json")
    cached = store.read_bytes()
    assert lat004(recommend())["serverless"] == -20
    assert store.read_bytes() == cached  # the second run only read it

    rule = next(rules.rglob("LAT004-*.yaml"))
    original = rule.read_text(encoding="utf-8")
    rule.write_text(original.replace("serverless: -20", "serverless: -21"), encoding="utf-8")
    assert lat004(recommend())["serverless"] == -21  # same size, new content: parsed again

    rule.write_text(original.replace("serverless: -20", "serverless: -99"), encoding="utf-8")
    broken = recommend()
    assert broken.returncode == 1
    line = original.splitlines().index("  serverless: -20") + 1
    assert f"{rule.name}:{line}: " in broken.stderr and "-50 to 50" in broken.stderr
    assert parse_cache.decode_text(store.read_text(encoding="utf-8")).keys() == {
        *parse_cache.decode_text(cached.decode()).keys(),
        parse_cache.content_key(original.replace("serverless: -20", "serverless: -21")),
    } - {parse_cache.content_key(original)}  # the invalid version was never written

    questions = rules / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8")
        + "\n  - id: speed_test_question\n    type: bool\n    prompt: Added?\n"
        "    help: A question added after the cache was built.\n    default: false\n",
        encoding="utf-8",
    )
    rule.write_text(original, encoding="utf-8")
    added = recommend("--set", "speed_test_question=true")
    assert lat004(added)["serverless"] == -20


def test_the_wheel_build_compiles_valid_rules_and_refuses_broken_ones(tmp_path: Path) -> None:
    # What hatch_build.py runs, in a copy of the checkout (a full wheel build is test_wheel's).
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import COMPILE
    finally:
        sys.path.remove(str(ROOT))
    rules = _copy_checkout(tmp_path / "checkout")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "checkout")}
    dest = tmp_path / "out" / "rules-cache.json"

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", COMPILE, str(dest)],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip

    built = build()
    assert built.returncode == 0, built.stderr
    entries = parse_cache.decode_text(dest.read_text(encoding="utf-8"))
    assert int(built.stdout) == len(entries) == len(list(rules.rglob("*.yaml")))
    assert oct(dest.stat().st_mode & 0o777) == oct(0o644)  # readable by everyone once installed

    dest.unlink()
    rule = next(rules.rglob("LAT004-*.yaml"))
    text = rule.read_text(encoding="utf-8")
    line = text.splitlines().index("  hybrid: 10") + 1
    rule.write_text(text.replace("  hybrid: 10\n", "  hybrid: x\n"), encoding="utf-8")
    broken = build()
    assert broken.returncode != 0
    assert f"{rule.name}:{line}: " in broken.stderr and "hybrid" in broken.stderr
    assert not dest.exists()


IMPORTS = """
import sys
from advisor.cli.entry import main
sys.argv = ["advisor", "recommend", "--answers", sys.argv[1], "--format", "json"]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = {"ruamel", "rich", "jinja2", "questionary", "copier", "pydantic"}
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & heavy)), file=sys.stderr)
"""


def test_recommend_json_with_a_warm_cache_imports_no_heavy_library(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(yaml_source.load(SCENARIOS[0])["answers"]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), parse_cache.ENV_DIR: str(tmp_path / "c")}
    env.pop(parse_cache.ENV_OFF, None)
    command = [sys.executable, "-c", IMPORTS, str(answers)]
    runs = [
        subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stderr.split() == ["ruamel"]  # the first run parses and fills the cache
    assert runs[1].stderr.split() == []  # the typer floor plus the advisor's own modules
    assert runs[0].stdout == runs[1].stdout
