import sys

from collector.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # freeze_support does nothing unfrozen: spare its import (cold start)
        import multiprocessing

        multiprocessing.freeze_support()  # isolated probes run in spawned children (also when frozen)
    sys.exit(main())
