#!/usr/bin/env Rscript
# The Bridgestone Béthune story from the observatory's GraphQL API, with httr2 (>= 1.0).
#
# Pages through every observation about the Bridgestone site (Relay cursors), then
# prints the two published headcounts at the closure announcement with their sources,
# the redeployment of the former workers by outcome, and the five occupants of the site.
#
#   OBS_URL=http://127.0.0.1:8080 Rscript examples/r/story.R
#
# Settings (environment): OBS_URL (default http://127.0.0.1:8080), OBS_PAGE_SIZE (1-100,
# default 10). install.packages("httr2") if needed.

library(httr2)

`%||%` <- function(x, y) if (is.null(x)) y else x # base R has it from 4.4 only

base_url <- sub("/+$", "", Sys.getenv("OBS_URL", "http://127.0.0.1:8080"))
graphql_url <- paste0(base_url, "/graphql")
page_size <- as.integer(Sys.getenv("OBS_PAGE_SIZE", "10"))

# Seconds to wait before retrying a 429 or 503: Retry-After, else X-RateLimit-Reset;
# NA lets httr2 use its own exponential backoff.
retry_after <- function(resp) {
  ra <- resp_header(resp, "Retry-After")
  if (!is.null(ra) && grepl("^[0-9]+$", ra)) {
    return(as.numeric(ra))
  }
  reset <- resp_header(resp, "X-RateLimit-Reset")
  if (!is.null(reset) && grepl("^[0-9]+$", reset)) {
    return(max(1, as.numeric(reset) - as.numeric(Sys.time())))
  }
  NA
}

# Sends one query; retries on 429 and 503 as the server asks; stops on GraphQL errors
# with their extensions.code. `variables` must be a named list (never empty: an empty
# R list would be sent as a JSON array).
graphql <- function(query, variables, operation) {
  resp <- request(graphql_url) |>
    req_headers(Accept = "application/graphql-response+json, application/json") |>
    req_body_json(list(query = query, variables = variables, operationName = operation)) |>
    req_timeout(30) |>
    req_retry(
      max_tries = 8,
      is_transient = function(resp) resp_status(resp) %in% c(429, 503),
      after = retry_after
    ) |>
    # Request errors come as 400 with a JSON body: read it instead of failing blind.
    req_error(is_error = function(resp) FALSE) |>
    req_perform()
  if (!grepl("json", resp_content_type(resp) %||% "")) {
    stop(sprintf("HTTP %d: not a GraphQL answer", resp_status(resp)))
  }
  payload <- resp_body_json(resp, simplifyVector = FALSE)
  if (length(payload$errors) > 0) {
    msgs <- vapply(payload$errors, function(e) {
      sprintf("%s: %s", e$extensions$code %||% "UNKNOWN", e$message)
    }, character(1))
    stop(paste("GraphQL error:", paste(msgs, collapse = "; ")), call. = FALSE)
  }
  if (resp_status(resp) >= 400) stop(sprintf("HTTP %d", resp_status(resp)))
  payload$data
}

site_query <- "
query Site($slug: String!) {
  site(slug: $slug) {
    id name
    territory { name code }
    occupancies { company { name } since activity citation { source { publisher } } }
  }
}"

observations_query <- "
query SiteObservations($subject: ID!, $first: Int!, $after: String) {
  observations(first: $first, after: $after, filter: {subject: $subject}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      metric { code label } value unit date status rank claim dimension category
      citation { quote source { title publisher publishedOn } }
    }
  }
}"

# Follows pageInfo.endCursor until hasNextPage is false.
all_observations <- function(subject) {
  nodes <- list()
  after <- NULL
  pages <- 0
  repeat {
    variables <- list(subject = subject, first = page_size)
    if (!is.null(after)) variables$after <- after
    page <- graphql(observations_query, variables, "SiteObservations")$observations
    nodes <- c(nodes, page$nodes)
    pages <- pages + 1
    if (!isTRUE(page$pageInfo$hasNextPage)) {
      return(list(nodes = nodes, total = page$totalCount, pages = pages))
    }
    after <- page$pageInfo$endCursor
  }
}

main <- function() {
  site <- graphql(site_query, list(slug = "bridgestone-bethune"), "Site")$site
  if (is.null(site)) stop("no site bridgestone-bethune: is the curated dataset loaded?")
  result <- all_observations(site$id)
  observations <- result$nodes

  cat(sprintf("%s (%s, INSEE %s)\n", site$name, site$territory$name, site$territory$code))
  cat(sprintf("%d observations of %d, read in %d pages of %d\n",
              length(observations), result$total, result$pages, page_size))

  cat("\nJobs at the closure announcement: the sources disagree\n")
  for (o in observations) {
    if (identical(o$metric$code, "jobs_affected_by_closure")) {
      src <- o$citation$source
      cat(sprintf("  %s %s  %-9s  %s (%s)\n", format(o$value), o$unit, o$rank,
                  src$publisher, src$publishedOn %||% "undated"))
      cat(sprintf("      \u00ab %s \u00bb\n", o$citation$quote))
    }
  }

  cat("\nWhere the former workers went, by outcome\n")
  outcomes <- Filter(function(o) identical(o$dimension, "outcome"), observations)
  values <- vapply(outcomes, function(o) as.numeric(o$value), numeric(1))
  for (o in outcomes[order(-values)]) {
    cat(sprintf("  %-36s %5s %s  (%s)\n", o$category, format(o$value), o$unit, o$date))
  }
  cat(sprintf("  %-36s %5s\n", "TOTAL", format(sum(values))))

  cat(sprintf("\n%d occupants of the site\n", length(site$occupancies)))
  for (occ in site$occupancies) {
    cat(sprintf("  since %s  %s: %s\n", occ$since, occ$company$name, occ$activity %||% ""))
  }
}

tryCatch(main(), error = function(e) {
  message(conditionMessage(e))
  quit(status = 1)
})
