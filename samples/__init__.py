"""The synthetic sample feeds and their generator (`generator.py`); part of the checkout, not of the wheel."""
