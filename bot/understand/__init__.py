"""Reading residents' free text: dates, numbers, tiers, topics (personal numbers: bot/privacy.py)."""
