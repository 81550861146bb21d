"""The command line: typer commands, their shared options and the interactive prompts.

A thin layer over :mod:`advisor.api`: each command makes one core call and one place
(``advisor.cli.main``) maps errors to exit codes; :mod:`advisor.cli.entry` is the entry point.
"""
