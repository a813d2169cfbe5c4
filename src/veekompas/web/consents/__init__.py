"""The farmer's consent page: who may see or edit his farm's data."""
