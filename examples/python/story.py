#!/usr/bin/env python3
"""The Bridgestone Béthune story from the observatory's GraphQL API, with `requests`.

Pages through every observation about the Bridgestone site (Relay cursors), then prints
the two published headcounts at the closure announcement with their sources, the
redeployment of the former workers by outcome, and the five occupants of the site.

    OBS_URL=http://localhost:8080 python3 examples/python/story.py

Settings (environment): OBS_URL (default http://localhost:8080), OBS_PAGE_SIZE (1-100,
default 10). Debian: apt-get install python3-requests; elsewhere: pip install requests.
"""

import os
import sys
import time

import requests

URL = os.environ.get("OBS_URL", "http://localhost:8080").rstrip("/") + "/graphql"
PAGE_SIZE = int(os.environ.get("OBS_PAGE_SIZE", "10"))
MAX_ATTEMPTS = 8


class GraphQLError(Exception):
    """The API answered with errors; `codes` are their extensions.code."""

    def __init__(self, errors):
        self.errors = errors
        self.codes = [(e.get("extensions") or {}).get("code", "UNKNOWN") for e in errors]
        super().__init__("; ".join(f"{c}: {e.get('message')}" for c, e in zip(self.codes, errors)))


def wait_time(response, attempt):
    """Seconds to wait before retrying: Retry-After, else X-RateLimit-Reset, else backoff."""
    retry_after = response.headers.get("Retry-After")
    if retry_after and retry_after.isdigit():
        return int(retry_after)
    reset = response.headers.get("X-RateLimit-Reset")
    if reset and reset.isdigit():
        return max(1, int(reset) - int(time.time()))
    return min(2 ** attempt, 30)


def graphql(session, query, variables=None, operation=None):
    """Sends one query; retries on 429 and 503 as the server asks; raises GraphQLError."""
    body = {"query": query, "variables": variables or {}, "operationName": operation}
    for attempt in range(MAX_ATTEMPTS):
        response = session.post(URL, json=body, timeout=30, headers={
            "Accept": "application/graphql-response+json, application/json",
        })
        if response.status_code in (429, 503) and attempt + 1 < MAX_ATTEMPTS:
            delay = wait_time(response, attempt)
            print(f"rate limited ({response.status_code}, remaining "
                  f"{response.headers.get('X-RateLimit-Remaining', '?')} of "
                  f"{response.headers.get('X-RateLimit-Limit', '?')}): retrying in {delay} s",
                  file=sys.stderr)
            time.sleep(delay)
            continue
        if "json" not in response.headers.get("Content-Type", ""):
            response.raise_for_status()  # not a GraphQL answer (proxy error page...)
        payload = response.json()
        if payload.get("errors"):
            raise GraphQLError(payload["errors"])
        response.raise_for_status()
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


def all_observations(session, subject):
    """Follows pageInfo.endCursor until hasNextPage is false."""
    nodes, after, pages = [], None, 0
    while True:
        page = graphql(session, OBSERVATIONS, {"subject": subject, "first": PAGE_SIZE, "after": after},
                       "SiteObservations")["observations"]
        nodes += page["nodes"]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, page["totalCount"], pages
        after = page["pageInfo"]["endCursor"]


def main():
    with requests.Session() as session:
        site = graphql(session, SITE, {"slug": "bridgestone-bethune"}, "Site")["site"]
        if site is None:
            sys.exit("no site bridgestone-bethune: is the curated dataset loaded?")
        observations, total, pages = all_observations(session, site["id"])

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
    except requests.RequestException as err:
        sys.exit(f"HTTP error: {err}")
