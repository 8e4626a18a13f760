"""The build's context: what a build is made with besides the content.

The register holds the records as of one date; the context holds the settings the site
is rendered with (title, languages, repository, licence), the date statuses are computed
against and the addresses pages are published at. One register can be rendered with two
contexts (two base URLs, two titles) without being read again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.core.model import SiteConfig
from generator.core.urls import Urls


@dataclass(frozen=True)
class Context:
    """The settings, as-of date and addresses of one build."""

    config: SiteConfig
    """Site settings: site.yaml with the command line's overrides."""
    as_of: dt.date
    """The date statuses are computed against: the command line's, else site.yaml's, else
    the caller's clock; the register is built as of this date."""
    urls: Urls
    """Links and full addresses under `config.base_url`."""
