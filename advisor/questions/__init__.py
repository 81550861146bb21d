"""Stage 1, the inputs: the questionnaire (questions as data), answers files and the
declarative conditions over answers that questions and rules share."""
