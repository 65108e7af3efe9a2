"""Pages that combine several apps: the public season and activity pages, “my activities”,
and the staff dashboard and activity list.

The top of the app layers (docs/architecture.md, "Layers"): it may use every app and no app
uses it. Its views stay thin; the reads and writes they call live in the apps that own the
data, and the templates they render live with those apps.
"""
