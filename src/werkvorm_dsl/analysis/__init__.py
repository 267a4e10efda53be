"""Stage 2, analysis of a parsed werkvorm: the checks, the time model, the schedule and the invitation's facts."""
