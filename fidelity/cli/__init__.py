"""The ``fidelity`` command line: a thin shell over ``fidelity.service``."""
