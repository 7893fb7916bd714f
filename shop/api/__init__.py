"""API conventions shared by every Limber endpoint."""
