"""Writing the site: the staged swap, the cache of the last build, both cores, the search
index, and `build()`, the pipeline's steps in order.
"""
