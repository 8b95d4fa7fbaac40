"""The CLI's commands, one module each (``HELP``, ``configure``, ``run``).

Each ``run`` imports what it uses inside the function, on purpose: ``collector.cli`` loads every
command module to build ``--help``, and importing their work at module level would make every
invocation pay for all of them. Measured on the shared 2-core development machine under load:
``collector --help`` 0.3 s as it is, 6 s with the bundle writer, the redactor, the local portal, the
recorder (PyAV) and the wizard (Qt) imported up front.
"""
