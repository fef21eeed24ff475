"""Building IRO Diary's installers (`make installer`, `python -m installer.build`); see README.md here."""
