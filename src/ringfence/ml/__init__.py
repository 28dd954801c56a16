"""The fraud-user model: boosted trees and a graph-propagated logistic head over per-number features.

It is trained on the Sichuan operator table (per-user aggregates of calls, SMS, app traffic and billing
plus a contact graph) and scores numbers either from a table with the same columns or, through
``ringfence.ml.bridge``, from raw call and SMS records.

Modules, one concept each: ``columns`` (the feature contract), ``blend`` (the shipped recipe: fold
boosters + SIGN head), ``sign`` (propagated inputs and the logistic head), ``graph`` (label-graph
features without label leakage, for single-booster models), ``neighbours``, ``calibration`` (Platt
scaling and the macro-F1 threshold), ``training``, ``artifact`` (the model directory), ``scoring``,
``explain``, ``evaluation``, ``plots``, ``card``, ``bridge`` and ``default`` (the model shipped in the
package).
"""

import os as _os

# LightGBM parallelises with OpenMP, whose idle threads spin by default. On a busy two-core machine the
# spinning threads steal the cores the working ones need and a 3-second training run takes a minute;
# passive waiting avoids that at no measurable cost. It must be set before LightGBM (and its OpenMP
# runtime) is loaded, which is why it lives here: every model module is imported through this package.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
