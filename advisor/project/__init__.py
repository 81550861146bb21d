"""Stage 5, the starter repository: what the template is given, rendering it with Copier and
committing the result."""
