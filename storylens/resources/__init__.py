"""Package data for Storylens (gazetteer overrides and other small curated lists).

Read with `importlib.resources.files("storylens.resources")` so the files ship inside
the wheel and are found wherever the package is installed.
"""
