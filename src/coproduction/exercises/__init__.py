"""Exercises: an item bank in YAML and practice widgets with feedback per answer."""
