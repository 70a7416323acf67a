"""The moderation classifier: features, labelled texts, training and export (`python3 -m training.moderation.train`)."""
