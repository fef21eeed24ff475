"""Quality assurance as pure rules: causes for concern and their stages, good practice, and the live audit.

The IRO service's annual report (2016/17, "Causes for concern", "Complements" and the live audit tool) describes
three processes that lived in spreadsheets; `codes` names their stages, themes and answers, `concerns` counts a
concern's stage deadlines in working days and says when a response is overdue, `audit` turns checklist answers
into quarterly figures, and `notes` writes the thank-you note for a worker's manager.
"""
