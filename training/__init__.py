"""deliberate-nano's training code, run as modules from the repository root (`python3 -m training.train …`);
training/README.md says how to reproduce the shipped model. Importing the package imports nothing else, so the
standard-library parts (the task generators, suites, tokenizer, averaging) load without torch."""
