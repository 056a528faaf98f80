"""Studies: many seeded fits of learners under imbalance strategies.

:mod:`imbcore.study._rust` runs fits in the Rust engine (data generators,
weighted CART and logistic regression, in parallel with no Python per fit).
"""
