"""The forward-port engine shared by rebase, score and stabilize.

``stack`` (the series as commits), ``ladder`` (one patch at a time, over a
candidate head and a real head), ``runs`` (series merged upstream),
``upstream`` (naming the upstream commit that took a patch), ``conflicts``
(counting regions) and ``port`` (the whole series, one typed result).
"""

from xenpatch.engine.port import ForwardPort, forward_port, port_queue
from xenpatch.engine.stack import Stack, build_stack, provisional_message, stack_message

__all__ = ["ForwardPort", "Stack", "build_stack", "forward_port", "port_queue", "provisional_message",
           "stack_message"]
