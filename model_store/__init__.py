"""Parameter files: where models come from and where they live. No Qt here."""
