"""The PySide6 front end. Sees services and their frozen rows, never a Session or an ORM object."""
