"""escmon package."""
