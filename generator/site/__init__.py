"""The site made from the register: the plan of every page, Markdown laid out and
sanitised, rendering, open data, feeds, calendars, search text, sharing, the list index
and the editors' guide.
"""
