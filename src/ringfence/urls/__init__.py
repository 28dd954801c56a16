"""URL screening: a lexical model plus explainable rules (brand lookalikes, IP hosts, shorteners, TLDs)."""
