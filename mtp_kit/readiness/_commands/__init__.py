"""One module per readiness command, so that the ``mtp`` dispatcher (``mtp_kit.cli.COMMANDS``) finds its ``main``.

The commands themselves live in :mod:`mtp_kit.readiness._cli`; each module here only names one of them.
"""
