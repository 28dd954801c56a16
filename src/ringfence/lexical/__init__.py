"""Lexical model primitives shared by the SMS and URL classifiers.

Evasion-resistant normalisation, hashed character n-grams, the linear model over them (fitting, saving,
gather-sum scoring) and batch helpers. ``ringfence.urls`` and ``ringfence.text`` build on this package
and it imports neither, so the dependencies run one way: lexical <- urls <- text.
"""
