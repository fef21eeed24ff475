"""The case recording system's CSV files, as pure functions: templates, parsing, checking, formatting.

Nothing here reads a file or a database: the services hand in bytes and what the diary already holds, and get
back typed rows and a list of problems (file, row, column, value, reason), so every row of every file is
checked before anything is written.
"""
