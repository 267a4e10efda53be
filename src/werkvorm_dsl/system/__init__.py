"""Stage 0, the system: files written atomically, work in parallel, and text made safe to show."""
