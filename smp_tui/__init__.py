"""smp: self-review exercises of "Strengthening the Organisation" in the terminal."""

__version__ = "0.1.0"
