"""IRO Diary: a meeting scheduler and diary for an Independent Reviewing Service.

The version below is the one place the app's version is written; the package metadata, the installer and
`iro-diary --version` all read it from here.
"""

__version__ = "0.1.0"
APP_NAME = "IRO Diary"
APP_ID = "iro-diary"
