"""The Textual app: the program lead's daily driver."""
