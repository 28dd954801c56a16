"""Development tools run from a checkout (``python -m scripts.<name>``); not part of the installed package.

They may import ``ringfence``; ``ringfence`` never imports them (``tests/lexical/test_boundaries.py``).
"""
