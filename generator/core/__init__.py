"""The foundation every stage stands on: messages and their words, Vietnamese folding and
slugs, dates as reports give them, the model, collation, provinces, diagnostics, the
taxonomy table, URLs, where the interface lives, the build's context.
"""
