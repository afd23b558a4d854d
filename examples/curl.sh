#!/usr/bin/env bash
# The Bridgestone Béthune story from the observatory's GraphQL API with curl and jq.
#
#   OBS_URL=http://127.0.0.1:8080 examples/curl.sh
#
# Pages through every observation about the Bridgestone site (Relay cursors), then
# prints the two published headcounts at the closure announcement with their sources,
# the redeployment of the former workers by outcome, and the occupants of the site.
#
# Rate limits: curl's --retry retries a 429 (and 503) after the Retry-After the server
# sends. GraphQL errors: the script stops with their extensions.code.
set -euo pipefail

URL="${OBS_URL:-http://127.0.0.1:8080}"
URL="${URL%/}/graphql"
PAGE_SIZE="${OBS_PAGE_SIZE:-10}"

command -v jq >/dev/null || { echo "this example needs jq (apt-get install jq)" >&2; exit 1; }

# gql QUERY VARIABLES-JSON: prints the response's data, or stops on GraphQL errors.
gql() {
  local body response
  body=$(jq -n --arg q "$1" --argjson v "$2" '{query: $q, variables: $v}')
  # No --fail: request errors come with a JSON body (400) whose errors we want to show.
  response=$(curl -sS --retry 5 --retry-max-time 120 \
    -H 'Content-Type: application/json' \
    -H 'Accept: application/graphql-response+json, application/json' \
    --data "$body" "$URL")
  if jq -e '(.errors // []) | length > 0' <<<"$response" >/dev/null; then
    jq -r '.errors[] | "GraphQL error: \(.extensions.code // "UNKNOWN"): \(.message)"' <<<"$response" >&2
    exit 1
  fi
  jq '.data' <<<"$response"
}

# A GET request works too, and is cacheable (ETag, Cache-Control):
#   curl -G "$URL" --data-urlencode 'query={ site(slug: "bridgestone-bethune") { name } }'

site=$(gql 'query Site($slug: String!) {
  site(slug: $slug) {
    id name territory { name code }
    occupancies { company { name } since activity }
  }
}' '{"slug": "bridgestone-bethune"}')
id=$(jq -r '.site.id' <<<"$site")

# Page through the observations: follow pageInfo.endCursor while hasNextPage.
observations='[]'
after=null
pages=0
while :; do
  page=$(gql 'query SiteObservations($subject: ID!, $first: Int!, $after: String) {
    observations(first: $first, after: $after, filter: {subject: $subject}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        metric { code } value unit date rank dimension category
        citation { quote source { publisher publishedOn } }
      }
    }
  }' "$(jq -n --arg s "$id" --argjson n "$PAGE_SIZE" --argjson a "$after" '{subject: $s, first: $n, after: $a}')")
  pages=$((pages + 1))
  observations=$(jq -s '.[0] + .[1].observations.nodes' <(echo "$observations") <(echo "$page"))
  [ "$(jq -r '.observations.pageInfo.hasNextPage' <<<"$page")" = true ] || break
  after=$(jq '.observations.pageInfo.endCursor' <<<"$page")
done

jq -r '"\(.site.name) (\(.site.territory.name), INSEE \(.site.territory.code))"' <<<"$site"
echo "$(jq length <<<"$observations") observations, read in $pages pages of $PAGE_SIZE"

echo
echo "Jobs at the closure announcement: the sources disagree"
jq -r '.[] | select(.metric.code == "jobs_affected_by_closure")
  | "  \(.value) \(.unit)  \(.rank)  \(.citation.source.publisher) (\(.citation.source.publishedOn))\n      « \(.citation.quote) »"' <<<"$observations"

echo
echo "Where the former workers went, by outcome"
jq -r 'map(select(.dimension == "outcome")) | sort_by(-.value)
  | (.[] | "  \(.category)  \(.value) \(.unit)  (\(.date))"), "  TOTAL  \(map(.value) | add)"' <<<"$observations"

echo
jq -r '"\(.site.occupancies | length) occupants of the site",
  (.site.occupancies[] | "  since \(.since)  \(.company.name): \(.activity // "")")' <<<"$site"
