"""The Textual terminal app for conducting a fidelity review offline."""
