{% autoescape true %}
<?xml version="1.0" encoding="utf-8"?>
{#
  Shows an Atom feed to a person who opens it in a browser: what a feed is, how to
  follow it, then its entries. Feed readers ignore it. Autoescaped like the .xml and .html
  templates (Jinja would not escape a .xsl file of itself).
#}
{% set p = t.feeds.page %}
{# An Atom time (2024-03-12T00:00:00Z) in the interface's day form (12/3/2024); a month by
   its name when the catalogue names months (cut from the names, each padded to the longest)
   or else by its number. #}{% set names = t.dates.month_names %}{% set width = names | map('length') | max if names else 0 %}{% set month_xpath = ("', normalize-space(substring('" ~ (names | map('replace', "'", "") | map('center', width) | join('')) ~ "', (number(substring($stamp, 6, 2)) - 1) * " ~ width ~ " + 1, " ~ width ~ ")), '") if names else "', number(substring($stamp, 6, 2)), '" %}
{% set day_xpath = "concat('" ~ (t.dates.day
    | replace("{day}", "', number(substring($stamp, 9, 2)), '")
    | replace("{month}", month_xpath)
    | replace("{year}", "', substring($stamp, 1, 4), '")) ~ "')" %}
{% macro with_date(form, field) -%}
{{ form.split('{date}')[0] }}<time datetime="{substring(atom:{{ field }}, 1, 10)}"><xsl:call-template name="day"><xsl:with-param name="stamp" select="atom:{{ field }}"/></xsl:call-template></time>{{ form.split('{date}')[1] }}
{%- endmacro %}
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
<xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

<xsl:template name="day">
  <xsl:param name="stamp"/>
  <xsl:value-of select="{{ day_xpath }}"/>
</xsl:template>

<xsl:template match="/atom:feed">
<html lang="{{ site.language }}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="atom:title"/></title>
<link rel="stylesheet" href="{{ url_for('static', 'style.css') }}"/>
<link rel="icon" href="{{ url_for('static', 'favicon.svg') }}" type="image/svg+xml"/>
</head>
<body>
<header class="site-header">
  <div class="wrap">
    <a class="site-title" href="{{ url_for('home') }}">{{ site.title }}</a>
  </div>
</header>
<main id="noi_dung" class="wrap feed-page">
<p class="feed-page__kicker">{{ p.kicker }}</p>
<h1><xsl:value-of select="atom:title"/></h1>

<section aria-labelledby="ban_tin_la_gi">
<h2 id="ban_tin_la_gi">{{ p.what_heading }}</h2>
<p>{{ p.what }}</p>
<h2 id="cach_theo_doi">{{ p.how_heading }}</h2>
<ol class="feed-page__steps">
  <li>
    <xsl:choose>
      <xsl:when test="starts-with(atom:link[@rel='self']/@href, 'http')">
        {{ p.copy_address }} <code class="feed-page__address"><xsl:value-of select="atom:link[@rel='self']/@href"/></code>
      </xsl:when>
      <xsl:otherwise>{{ p.copy_bar }}</xsl:otherwise>
    </xsl:choose>
  </li>
  <li>{{ p.reader }}</li>
</ol>
<p><a href="{atom:link[@rel='alternate']/@href}">{{ p.page_link }}</a></p>
</section>

<section aria-labelledby="cac_van_ban">
<h2 id="cac_van_ban">{{ p.entries_heading }}</h2>
<xsl:choose>
  <xsl:when test="atom:entry">
    <p>{{ p.entries_lead }}</p>
    <ol class="feed-entries">
      <xsl:for-each select="atom:entry">
        <li>
          <h3><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
          <p class="feed-entries__meta">
            {{ with_date(p.updated, 'updated') }}
            <xsl:if test="atom:published">, {{ with_date(p.published, 'published') }}</xsl:if>
            <xsl:for-each select="atom:category"> · <xsl:value-of select="@label"/></xsl:for-each>
          </p>
          <xsl:if test="atom:summary"><p><xsl:value-of select="atom:summary"/></p></xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:when>
  <xsl:otherwise><p>{{ p.empty }}</p></xsl:otherwise>
</xsl:choose>
</section>
</main>
<footer class="site-footer">
  <div class="wrap">
    <p><a href="{{ url_for('home') }}">{{ site.title }}</a></p>
  </div>
</footer>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
{% endautoescape %}
