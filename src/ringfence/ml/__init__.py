"""The fraud-user model: a gradient-boosted classifier over per-number behaviour features.

It is trained on the Sichuan operator table (per-user aggregates of calls, SMS, app traffic and billing
plus a contact graph) and scores numbers either from a table with the same columns or, through
``ringfence.ml.bridge``, from raw call and SMS records.

Modules, one concept each: ``columns`` (the feature contract), ``graph`` (contact-graph features without
label leakage), ``calibration`` (Platt scaling and the macro-F1 threshold), ``training``, ``artifact``
(the model directory), ``scoring``, ``explain``, ``evaluation``, ``plots``, ``card``, ``bridge`` and
``default`` (the model shipped in the package).
"""
