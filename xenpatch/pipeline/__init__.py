"""Use cases, one module per capability. They return frozen results and never print."""
