import multiprocessing
import sys

from collector.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # isolated probes run in spawned children (also when frozen)
    sys.exit(main())
