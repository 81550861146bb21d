"""Stage 2, the rule packs: reading and validating rule files and platform facts into a
:class:`~advisor.rules.model.RuleSet`, and the checks ``advisor rules check`` runs on a pack."""
