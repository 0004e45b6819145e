import sys

from plugins.validation.validation import main

sys.exit(main())
