import sys

from .hosting import main

sys.exit(main())
