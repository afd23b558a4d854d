-- Functions that let PostGraphile 4 serve the same data as our canonical queries on the
-- same database. Our schema has polymorphic relations (observations.subject_type/id,
-- relationships.from_type/id) that PostGraphile cannot follow by foreign keys, and
-- aggregates that PostGraphile 4 has no core support for: like the peer recipe, they
-- are exposed as computed columns and custom queries (SQL functions). Created in the
-- benchmark databases only by bench/run.sh; never part of the observatory's migrations.

-- Site.observations(first) -> computed column Site.observationsPage(n): oldest first, like ours.
CREATE OR REPLACE FUNCTION public.sites_observations_page(s public.sites, n integer DEFAULT 5)
RETURNS SETOF public.observations LANGUAGE sql STABLE AS $$
  SELECT o.* FROM public.observations o
  WHERE o.subject_type = 'SITE' AND o.subject_id = s.id
  ORDER BY o.date, o.id
  LIMIT n
$$;

-- Territory observations (time series of one metric) -> Territory.observationsOf(metricCode).
CREATE OR REPLACE FUNCTION public.territories_observations_of(t public.territories, metric_code text)
RETURNS SETOF public.observations LANGUAGE sql STABLE AS $$
  SELECT o.* FROM public.observations o
  WHERE o.subject_type = 'TERRITORY' AND o.subject_id = t.id
    AND o.metric_id = (SELECT id FROM public.metrics WHERE code = metric_code)
  ORDER BY o.date, o.id
$$;

-- Company.relatedCompanies: the other end of the relationships from or to a company.
CREATE OR REPLACE FUNCTION public.companies_related_companies(c public.companies)
RETURNS SETOF public.companies LANGUAGE sql STABLE AS $$
  SELECT x.* FROM public.relationships r JOIN public.companies x ON x.id = r.to_id
  WHERE r.from_type = 'COMPANY' AND r.from_id = c.id AND r.to_type = 'COMPANY'
  UNION ALL
  SELECT x.* FROM public.relationships r JOIN public.companies x ON x.id = r.from_id
  WHERE r.to_type = 'COMPANY' AND r.to_id = c.id AND r.from_type = 'COMPANY'
$$;

-- subsidyAggregate(filter: {territory}, groupBy: [PROGRAMME, YEAR]) -> custom query
-- Query.subsidyTotals(territorySlug): same rows (territory or recipient's commune below
-- the territory, grouped by programme and year).
DROP TYPE IF EXISTS public.subsidy_total CASCADE;
CREATE TYPE public.subsidy_total AS (programme_slug text, programme_name text, year integer, count bigint, sum_eur double precision, min_eur double precision, max_eur double precision);
CREATE OR REPLACE FUNCTION public.subsidy_totals(territory_slug text)
RETURNS SETOF public.subsidy_total LANGUAGE sql STABLE AS $$
  WITH anc AS (SELECT path, kind FROM public.territories WHERE slug = territory_slug),
  within AS (
    SELECT t.id FROM public.territories t, anc
    WHERE (t.admin_path IS NOT NULL AND anc.kind IN ('DEPARTEMENT', 'REGION')
      AND t.admin_path >= anc.path AND t.admin_path < anc.path || '~')
      OR (NOT (t.admin_path IS NOT NULL AND anc.kind IN ('DEPARTEMENT', 'REGION'))
      AND t.path >= anc.path AND t.path < anc.path || '~'))
  SELECT p.slug, p.name, CAST(SUBSTR(COALESCE(s.period_start, s.period_end), 1, 4) AS INTEGER) AS year,
         COUNT(*), SUM(s.amount_eur), MIN(s.amount_eur), MAX(s.amount_eur)
  FROM public.subsidies s JOIN public.programmes p ON p.id = s.programme_id
  WHERE s.territory_id IN (SELECT id FROM within)
     OR s.recipient_id IN (SELECT c.id FROM public.companies c WHERE c.territory_id IN (SELECT id FROM within))
  GROUP BY p.slug, p.name, 3
  ORDER BY p.slug, 3
$$;

-- Query.subsidyTotalsPlace(territorySlug): the same rows read, as our server reads them,
-- from the place columns of subsidies (migration 00008: the path of the subsidy's own
-- territory, else of its recipient's commune, kept by triggers), so that q4 can also be
-- compared with the peer on the same denormalised schema (q4p).
CREATE OR REPLACE FUNCTION public.subsidy_totals_place(territory_slug text)
RETURNS SETOF public.subsidy_total LANGUAGE sql STABLE AS $$
  WITH anc AS (SELECT path, kind FROM public.territories WHERE slug = territory_slug),
  s AS (
    SELECT s.* FROM public.subsidies s, anc WHERE anc.kind IN ('DEPARTEMENT','REGION') AND s.place_admin_path >= anc.path AND s.place_admin_path < anc.path || '~'
    UNION ALL SELECT s.* FROM public.subsidies s, anc WHERE anc.kind NOT IN ('DEPARTEMENT','REGION') AND s.place_path >= anc.path AND s.place_path < anc.path || '~'
    UNION ALL SELECT s.* FROM public.subsidies s, anc WHERE anc.kind IN ('DEPARTEMENT','REGION') AND s.recipient_admin_path >= anc.path AND s.recipient_admin_path < anc.path || '~'
      AND (s.place_admin_path IS NULL OR NOT (s.place_admin_path >= anc.path AND s.place_admin_path < anc.path || '~'))
    UNION ALL SELECT s.* FROM public.subsidies s, anc WHERE anc.kind NOT IN ('DEPARTEMENT','REGION') AND s.recipient_path >= anc.path AND s.recipient_path < anc.path || '~'
      AND (s.place_path IS NULL OR NOT (s.place_path >= anc.path AND s.place_path < anc.path || '~')))
  SELECT p.slug, p.name, CAST(SUBSTR(COALESCE(s.period_start, s.period_end), 1, 4) AS INTEGER) AS year,
         COUNT(*), SUM(s.amount_eur), MIN(s.amount_eur), MAX(s.amount_eur)
  FROM s JOIN public.programmes p ON p.id = s.programme_id
  GROUP BY p.slug, p.name, 3
  ORDER BY p.slug, 3
$$;
