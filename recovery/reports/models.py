"""Report models arrive with the commissioner reports issue; sections register in recovery.core.registries."""
