"""Audience mix: heterogeneity conflict, the four indices, two-session splits and advice rules.

`conflict` is the expected conflict of a group under given norms, `indices` the four
variables per activity, `splits` the two-session suggestion, `advice` and `advice_text` the
advice rules staff write over named figures. See docs/engines/audience_mix.md.
"""
