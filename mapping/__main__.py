"""``python -m mapping`` runs the ``helhedskort`` command line."""

from mapping.cli import main

raise SystemExit(main())
