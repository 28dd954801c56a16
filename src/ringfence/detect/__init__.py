"""Detection: windowed behaviour features over call and SMS records, explained rules, policies."""
