"""The report as a PDF laid out like the annual report's quantitative section, made without widgets.

Everything here uses QtGui only (QPainter, QTextDocument, QPdfWriter), so it runs on a worker thread in the app
and under a plain QGuiApplication in the command line.
"""
