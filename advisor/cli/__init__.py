"""The command line: typer commands, their shared options and the interactive prompts.

A thin layer over :mod:`advisor.api`: each command makes one core call and one place
(:func:`advisor.cli.main.main`) maps errors to exit codes.
"""
