"""Reference pages generated from the source of truth (rules, facts, ``--help``) and checked
in CI so that the documentation cannot drift from the code."""
