"""`python -m search_api.cli` runs the `planatlas` command."""

import sys

from search_api.cli import main

sys.exit(main())
