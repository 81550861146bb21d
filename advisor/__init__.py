"""agent-advisor: choose how an AI agent runs in production, explain why, and scaffold it."""

__version__ = "0.6.1"
