#!/usr/bin/env python3
"""The Bridgestone Béthune story from the observatory's GraphQL API, with Python's
standard library only (urllib, json): nothing to install.

Pages through every observation about the Bridgestone site (Relay cursors), then prints
the two published headcounts at the closure announcement with their sources, the
redeployment of the former workers by outcome, and the five occupants of the site.

    OBS_URL=http://127.0.0.1:8080 python3 examples/python/story.py

Settings (environment): OBS_URL (default http://127.0.0.1:8080), OBS_PAGE_SIZE (1-100,
default 10).
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

URL = os.environ.get("OBS_URL", "http://127.0.0.1:8080").rstrip("/") + "/graphql"
PAGE_SIZE = int(os.environ.get("OBS_PAGE_SIZE", "10"))
MAX_ATTEMPTS = 8


class GraphQLError(Exception):
    """The API answered with errors; `codes` are their extensions.code."""

    def __init__(self, errors):
        self.errors = errors
        self.codes = [(e.get("extensions") or {}).get("code", "UNKNOWN") for e in errors]
        super().__init__("; ".join(f"{c}: {e.get('message')}" for c, e in zip(self.codes, errors)))


def wait_time(headers, attempt):
    """Seconds to wait before retrying: Retry-After, else X-RateLimit-Reset, else backoff."""
    retry_after = headers.get("Retry-After")
    if retry_after and retry_after.isdigit():
        return int(retry_after)
    reset = headers.get("X-RateLimit-Reset")
    if reset and reset.isdigit():
        return max(1, int(reset) - int(time.time()))
    return min(2 ** attempt, 30)


def post(body):
    """POSTs body as JSON; returns (status, headers, raw body), HTTP errors included."""
    request = urllib.request.Request(URL, data=json.dumps(body).encode("utf-8"), method="POST", headers={
        "Content-Type": "application/json",
        "Accept": "application/graphql-response+json, application/json",
    })
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:  # 4xx and 5xx: their body is the API's error shape
        with err:
            return err.code, err.headers, err.read()


def graphql(query, variables=None, operation=None):
    """Sends one query; retries on 429 and 503 as the server asks; raises GraphQLError."""
    body = {"query": query, "variables": variables or {}, "operationName": operation}
    for attempt in range(MAX_ATTEMPTS):
        status, headers, raw = post(body)
        if status in (429, 503) and attempt + 1 < MAX_ATTEMPTS:
            delay = wait_time(headers, attempt)
            print(f"rate limited or starting ({status}, remaining "
                  f"{headers.get('X-RateLimit-Remaining', '?')} of "
                  f"{headers.get('X-RateLimit-Limit', '?')}): retrying in {delay} s",
                  file=sys.stderr)
            time.sleep(delay)
            continue
        if "json" not in headers.get("Content-Type", ""):
            raise OSError(f"HTTP {status}: not a GraphQL answer")  # a proxy's error page...
        payload = json.loads(raw)
        if payload.get("errors"):
            raise GraphQLError(payload["errors"])
        if status >= 400:
            raise OSError(f"HTTP {status}")
        return payload["data"]
    raise RuntimeError(f"still rate limited after {MAX_ATTEMPTS} attempts")


SITE = """
query Site($slug: String!) {
  site(slug: $slug) {
    id name
    territory { name code }
    occupancies { company { name } since activity citation { source { publisher } } }
  }
}"""

OBSERVATIONS = """
query SiteObservations($subject: ID!, $first: Int!, $after: String) {
  observations(first: $first, after: $after, filter: {subject: $subject}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      metric { code label } value unit date status rank claim dimension category
      citation { quote source { title publisher publishedOn } }
    }
  }
}"""


def all_observations(subject):
    """Follows pageInfo.endCursor until hasNextPage is false."""
    nodes, after, pages = [], None, 0
    while True:
        page = graphql(OBSERVATIONS, {"subject": subject, "first": PAGE_SIZE, "after": after},
                       "SiteObservations")["observations"]
        nodes += page["nodes"]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, page["totalCount"], pages
        after = page["pageInfo"]["endCursor"]


def main():
    site = graphql(SITE, {"slug": "bridgestone-bethune"}, "Site")["site"]
    if site is None:
        sys.exit("no site bridgestone-bethune: is the curated dataset loaded?")
    observations, total, pages = all_observations(site["id"])

    print(f"{site['name']} ({site['territory']['name']}, INSEE {site['territory']['code']})")
    print(f"{len(observations)} observations of {total}, read in {pages} pages of {PAGE_SIZE}")

    print("\nJobs at the closure announcement: the sources disagree")
    for o in observations:
        if o["metric"]["code"] == "jobs_affected_by_closure":
            source = o["citation"]["source"]
            print(f"  {o['value']:g} {o['unit']}  {o['rank']:<9}  {source['publisher']} ({source['publishedOn']})")
            print(f"      « {o['citation']['quote']} »")

    print("\nWhere the former workers went, by outcome")
    outcomes = [o for o in observations if o["dimension"] == "outcome"]
    for o in sorted(outcomes, key=lambda o: -o["value"]):
        print(f"  {o['category']:<36} {o['value']:>5g} {o['unit']}  ({o['date']})")
    print(f"  {'TOTAL':<36} {sum(o['value'] for o in outcomes):>5g}")

    print(f"\n{len(site['occupancies'])} occupants of the site")
    for occ in site["occupancies"]:
        print(f"  since {occ['since']}  {occ['company']['name']}: {occ['activity'] or ''}")


if __name__ == "__main__":
    try:
        main()
    except GraphQLError as err:
        sys.exit(f"GraphQL error: {err}")
    except OSError as err:  # urllib.error.URLError, timeouts, HTTP errors
        sys.exit(f"HTTP error: {err}")
