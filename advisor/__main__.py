"""``python -m advisor`` runs the command line."""

from advisor.cli.entry import main

main()
