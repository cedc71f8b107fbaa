"""escmon's flows: configuration, the monitoring cycle and its Prefect flow, the command line.

The Prefect server escmon starts for itself (ephemeral for `escmon run`, local for `escmon serve`) sends
no usage telemetry unless the user opts in: a monitor runs unattended, often without outside network,
and the telemetry task then fails loudly against its own SQLite database.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
