"""Number formats for Simplified Chinese pages. Django's own zh_Hans sets no thousands separator, so a population
read "2092496"; official Chinese statistics group by three digits with commas ("2,092,496")."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
