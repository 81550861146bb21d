"""Loading and linting rule packs.

``load_ruleset`` reads the questionnaire, the facts and one or more packs, and raises an
InputError listing every problem (``path:line: CODE: message``) when anything is wrong.
``lint_pack`` does the same checks plus the ones only a pack author needs (examples behave
as declared) and returns the diagnostics instead of raising — ``advisor rules check``.
``load_shipped`` is ``load_ruleset`` for the questionnaire, facts and default pack the advisor
ships (plus any organisation packs), parsed through a reader that may be cached
(:mod:`advisor.rules.parse_cache`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from advisor import error_codes, resources, yaml_source
from advisor.errors import Diagnostic, InputError, display_path
from advisor.questions.questionnaire import Questionnaire, load_questionnaire
from advisor.rules.facts import Fact, load_facts
from advisor.rules.model import Pack, Rule, RuleSet
from advisor.rules.rule_file import ReadContext, RuleReader

PACK_FILES = {"pack.yaml", "facts.yaml", "questions.yaml"}
Reader = Callable[[Path], Any]  # parses one file: yaml_source.load or a cached reader


def _read_pack_meta(folder: Path, read: Reader) -> tuple[Pack, dict[str, str], list[Diagnostic]]:
    meta_path = folder / "pack.yaml"
    problems: list[Diagnostic] = []
    if not meta_path.is_file():
        return Pack(folder.name, "0", display_path(folder)), {}, problems
    try:
        meta = read(meta_path)
    except InputError as exc:
        return Pack(folder.name, "0", display_path(folder)), {}, exc.diagnostics
    if not isinstance(meta, dict):
        problems.append(
            yaml_source.locate(
                meta_path,
                (),
                error_codes.SCHEMA,
                "pack.yaml holds a mapping: name, version, description, families",
            )
        )
        meta = {}
    families = meta.get("families") or {}
    if not isinstance(families, dict):
        problems.append(
            yaml_source.locate(
                meta_path, ("families",), error_codes.SCHEMA, "families maps folder → code prefix"
            )
        )
        families = {}
    pack = Pack(
        name=str(meta.get("name", folder.name)),
        version=str(meta.get("version", "0")),
        path=display_path(folder),
        description=str(meta.get("description", "")),
    )
    return pack, {str(k): str(v) for k, v in families.items()}, problems


def _hidden(path: Path, folder: Path) -> bool:
    # a pack kept at the root of its own repository sits beside .pre-commit-config.yaml,
    # .github/workflows/*.yml, .gitlab-ci.yml: dot-named files and folders are never rules
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _rule_files(folder: Path) -> list[Path]:
    files = [*folder.rglob("*.yaml"), *folder.rglob("*.yml")]
    return sorted(
        p
        for p in files
        if not (p.parent == folder and p.name in PACK_FILES) and not _hidden(p, folder)
    )


def _load_pack(folder: Path, ctx: ReadContext) -> tuple[Pack, list[Rule], list[Diagnostic]]:
    if not folder.is_dir():
        diag = Diagnostic(
            display_path(folder),
            None,
            error_codes.FILE_ACCESS,
            "rule pack not found: expected a folder of rule files",
        )
        return Pack(folder.name, "0", str(folder)), [], [diag]
    pack, families, problems = _read_pack_meta(folder, ctx.read)
    rules: list[Rule] = []
    files = _rule_files(folder)
    if not files:
        problems.append(
            Diagnostic(
                display_path(folder),
                None,
                error_codes.SCHEMA,
                "rule pack has no rule files (<family>/<CODE>-<slug>.yaml)",
            )
        )
    for path in files:
        reader = RuleReader(path, pack, families, ctx)
        rule = reader.read()
        problems.extend(reader.problems)
        if rule is not None:
            rules.append(rule)
    return pack, rules, problems


def _pack_facts(
    folders: Iterable[Path], base: Mapping[str, Fact], read: Reader
) -> tuple[dict[str, Fact], list[Diagnostic]]:
    facts = dict(base)
    problems: list[Diagnostic] = []
    for folder in folders:
        extra = folder / "facts.yaml"
        if extra.is_file():
            more, found = load_facts(extra, read)
            facts.update(more)
            problems.extend(found)
    return facts, problems


def _duplicates(rules: Sequence[Rule]) -> list[Diagnostic]:
    seen: dict[str, Rule] = {}
    problems = []
    for rule in rules:
        if rule.id in seen:
            problems.append(
                Diagnostic(
                    rule.path,
                    yaml_source.line_of(Path(rule.path), ("id",)),
                    error_codes.DUPLICATE,
                    f"duplicate rule id {rule.id}; already used by {seen[rule.id].path}",
                )
            )
        else:
            seen[rule.id] = rule
    return problems


def _collect(
    folders: Sequence[Path],
    questionnaire: Questionnaire,
    facts: Mapping[str, Fact],
    read: Reader = yaml_source.load,
) -> tuple[RuleSet, list[Diagnostic]]:
    all_facts, problems = _pack_facts(folders, facts, read)
    ctx = ReadContext(questionnaire, all_facts, read)
    packs: list[Pack] = []
    rules: list[Rule] = []
    for folder in folders:
        pack, pack_rules, found = _load_pack(folder, ctx)
        packs.append(pack)
        rules.extend(pack_rules)
        problems.extend(found)
    problems.extend(_duplicates(rules))
    return RuleSet(questionnaire, tuple(packs), tuple(rules), all_facts), problems


def load_ruleset(
    folders: Sequence[Path],
    questionnaire: Questionnaire,
    facts: Mapping[str, Fact],
    read: Reader = yaml_source.load,
) -> RuleSet:
    """Load packs in order (default first); raise InputError listing every problem."""
    ruleset, problems = _collect(folders, questionnaire, facts, read)
    if problems:
        raise InputError(problems)
    return ruleset


def load_shipped(extra: Sequence[Path], read: Reader) -> RuleSet:
    """The shipped questionnaire, facts and default pack, then ``extra`` packs, validated.

    ``read`` parses each file; every check runs on its result whatever it is, so a cached
    reader changes how fast the data arrives, never what is accepted.
    """
    facts, problems = load_facts(resources.facts_file(), read)
    if problems:
        raise InputError(problems)
    questionnaire = load_questionnaire(resources.questions_file(), read)
    return load_ruleset([resources.default_pack(), *extra], questionnaire, facts, read)


def example_problems(rule: Rule) -> list[Diagnostic]:
    """Examples that do not behave as declared: a 'fires' set that does not fire, or vice versa."""
    problems = []
    path = Path(rule.path)
    for kind, sets, expected in (
        ("fires", rule.examples_fire, True),
        ("ok", rule.examples_ok, False),
    ):
        for i, answers in enumerate(sets):
            if rule.condition.test(answers) is not expected:
                verb = "does not fire" if expected else "fires"
                problems.append(
                    yaml_source.locate(
                        path,
                        ("examples", kind, i),
                        error_codes.EXAMPLE_WRONG,
                        f"{rule.id}: example {kind}[{i}] {verb} (missing answers take defaults)",
                    )
                )
    return problems


def lint_packs(
    folders: Sequence[Path], questionnaire: Questionnaire, facts: Mapping[str, Fact]
) -> tuple[RuleSet | None, list[Diagnostic]]:
    """Every problem in the packs, including examples that misbehave; never raises on content.

    Also returns the rule set when the packs load cleanly (what :func:`load_ruleset` would
    return; examples do not count), else None, so a linter need not read the files twice.
    """
    ruleset, problems = _collect(folders, questionnaire, facts)
    loaded = ruleset if not problems else None
    for rule in ruleset.rules:
        problems.extend(example_problems(rule))
    return loaded, problems
