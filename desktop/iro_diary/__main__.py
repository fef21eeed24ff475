"""`python -m iro_diary` is the same as the `iro-diary` command."""

import sys

from iro_diary.cli import main

sys.exit(main())
