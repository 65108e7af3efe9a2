"""Pure domain computation: plain arrays and dataclasses in, plain results out. No Django."""
