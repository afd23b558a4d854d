// Order of the root fields in the Explorer: what a journalist asks first (the stories'
// fields: one site, the lists, figures, search, disagreements, breakdowns, series,
// the network and the maps), then the rest; fields not listed follow alphabetically,
// and the editors' fields (auditTrail, the mutations) come last.
export const ROOT_FIELD_ORDER = [
  'site', 'sites', 'search', 'observations', 'timeSeries', 'breakdowns', 'disagreements', 'graph',
  'sitesGeoJSON', 'territoriesGeoJSON', 'company', 'companies', 'territory', 'territories',
  'events', 'event', 'subsidies', 'subsidyAggregate', 'observationAggregate', 'programmes',
  'programme', 'relationships', 'sources', 'source', 'observation', 'metrics', 'dataset',
  'node', 'nodes',
];
export const ROOT_FIELD_LAST = ['auditTrail'];
