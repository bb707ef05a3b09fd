import os
import sys

from .cli import main

code = main()
# Why os._exit: every file is written and closed by now; the interpreter's teardown would only free the
# loaded plan and modules (about 60 ms after the build command's site is in place).
sys.stdout.flush()
sys.stderr.flush()
os._exit(code or 0)
