"""Task families for deliberate-nano: each module exposes FAMILY (name) and make(rng, difficulty) -> Item."""
