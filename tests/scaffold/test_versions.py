"""Template versions are ordered as versions (PEP 440), never as text or by inequality."""

from __future__ import annotations

import pytest

from advisor.project import git_repo, versions


@pytest.mark.parametrize(
    ("project", "installed", "status"),
    [
        ("v0.9.0", "v0.2.2", "ahead"),  # the issue: this was "behind … run advisor update"
        ("v0.2.2", "v0.9.0", "behind"),
        ("v0.9.0", "v0.10.0", "behind"),  # as text, v0.10.0 < v0.9.0
        ("v0.10.0", "v0.9.0", "ahead"),
        ("v1.0", "v1.0.0", "up_to_date"),
        ("v0.4.0", "v0.4.0", "up_to_date"),
        ("v0.4.0rc1", "v0.4.0", "behind"),
        ("v0.4.0-3-gabc1234", "v0.4.0", "ahead"),  # git describe: 3 commits after v0.4.0
        ("v0.4.0-3-gabc1234", "v0.4.1", "behind"),
    ],
)
def test_compare(project: str, installed: str, status: str) -> None:
    assert versions.compare(project, installed) == status


@pytest.mark.parametrize("bad", ["release-one", "main", "v0.4.0-3-gnothex"])
def test_a_string_that_is_no_version_cannot_be_ordered(bad: str) -> None:
    with pytest.raises(versions.UnorderedVersion):
        versions.compare(bad, "v0.4.0")


def test_bundle_tags_sort_as_versions() -> None:
    tags = ["v0.9.0", "v0.10.0", "v0.2.2", "nightly", "v0.10.0rc1"]
    assert sorted(tags, key=git_repo._version_key) == [
        "nightly", "v0.2.2", "v0.9.0", "v0.10.0rc1", "v0.10.0",
    ]  # fmt: skip
