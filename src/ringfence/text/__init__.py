"""SMS screening: evasion-resistant normalisation, fraud scoring, scam categories, fake base stations."""
