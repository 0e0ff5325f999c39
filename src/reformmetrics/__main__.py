"""`python -m reformmetrics`: the same as the `reformmetrics` command."""
from .cli import main

raise SystemExit(main())
