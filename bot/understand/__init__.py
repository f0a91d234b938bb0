"""Reading residents' free text: dates, numbers, topics, sensitive data."""
