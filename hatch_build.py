"""Wheel build hook: compile the parsed-rules cache shipped as advisor/_data/rules-cache.json.

The shipped rules are loaded and validated by the advisor's own loader from this source tree
(in a child process, so the build's interpreter state is untouched); the build fails with the
usual ``path:line: CODE: message`` list when they have a problem. Each file's parsed data is
stored under the SHA-256 of its bytes, so an installed advisor skips YAML parsing for every
file that is still byte-for-byte what was built (see advisor/rules/parse_cache.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "advisor/_data/rules-cache.json"
COMPILE = (
    "import sys; from pathlib import Path; "
    "from advisor.rules.parse_cache import compile_shipped; "
    "print(compile_shipped(Path(sys.argv[1])))"
)


class RulesCacheHook(BuildHookInterface):
    """Adds the compiled parsed-rules cache to regular (not editable) wheels."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout's rules: a user cache serves it
        self._tmp = tempfile.mkdtemp(prefix="advisor-rules-cache-")
        dest = Path(self._tmp) / "rules-cache.json"
        env = {k: v for k, v in os.environ.items() if k != "ADVISOR_NO_CACHE"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [self.root, env.get("PYTHONPATH")]))
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # leave no __pycache__ in the source tree
        result = subprocess.run(
            [sys.executable, "-c", COMPILE, str(dest)],
            cwd=self.root, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(
                "the shipped rules did not load, so no rules cache was built:\n"
                + result.stderr[-5000:]
            )
        build_data["force_include"][str(dest)] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
