// The observatory's own panels (stories, result views, notices) speak French or
// English after the browser's language: French when navigator.language starts with
// "fr", English otherwise. GraphiQL's own buttons stay in English (it has no
// translations).
const browserLang = typeof navigator !== 'undefined' ? navigator.language || '' : '';
export const lang = browserLang.toLowerCase().startsWith('fr') ? 'fr' : 'en';
export const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';

const messages = {
  en: {
    storiesTitle: 'Stories',
    storiesIntro: 'Ready-made questions on the data. Click one to open it in a tab, then run it.',
    examplesTitle: 'Explore the data',
    storyLink: 'Link to this story: {name}',
    explorerLink: 'Build your own query with the Explorer →',
    copyLink: 'Copy a link to this query',
    linkCopied: 'Link copied: the query, its variables and the open view are in it.',
    linkSelect: 'Copy this link:',
    linkUnreadable: 'This link could not be read (it may have been cut). The page opened without it.',
    close: 'Close',
    // result views
    viewsLabel: 'Result views',
    viewJSON: 'JSON',
    viewTable: 'Table',
    viewChart: 'Chart',
    viewNetwork: 'Network',
    viewMap: 'Map',
    viewNone: 'Nothing of this kind in the answer.',
    runFirst: 'Run a query: its answer is drawn here as a table of figures, a chart, a network or a map, when it holds any.',
    notAvailable: 'This answer holds no {what}. Try: {others}.',
    whatTable: 'figures (objects with a value)',
    whatChart: 'time series (timeSeries)',
    whatNetwork: 'network (graph: nodes and edges)',
    whatMap: 'GeoJSON (sitesGeoJSON, territoriesGeoJSON)',
    widen: 'Widen the result over the editor',
    narrow: 'Back beside the editor',
    widenShort: 'Widen',
    narrowShort: 'Editor',
    answerErrors: 'The answer has errors: see the JSON tab.',
    // table
    tableCaption: '{n} figures in the answer',
    colSubject: 'About',
    colMetric: 'Metric',
    colValue: 'Value',
    colUnit: 'Unit',
    colDate: 'Date',
    colStatus: 'Status',
    colRank: 'Rank',
    colSource: 'Source',
    quote: 'Quote',
    showQuote: 'Show the quote of {what}',
    hideQuote: 'Hide the quote',
    noQuote: 'No quote in the answer: add citation { quote source { title } } to the query.',
    publishedOn: 'published {date}',
    exportCSV: 'Export CSV',
    exportCSVLabel: 'Download the table as CSV (UTF-8)',
    conflicts: 'conflicts with',
    // chart
    chartTitle: '{metric} of {subject}',
    chartCaption: '{n} points',
    seriesActual: 'Actual',
    seriesTarget: 'Target',
    seriesAnnounced: 'Announced',
    seriesForecast: 'Forecast',
    seriesEstimate: 'Estimate',
    seriesOther: 'Other',
    range: 'range',
    today: 'today',
    pointLabel: '{status} {value} {unit}, {date}{source}',
    // network
    networkCaption: '{nodes} nodes, {edges} edges{truncated}',
    truncated: ' (truncated by the API)',
    nodeLabel: '{label} ({kind}), {n} links',
    nodeDetails: 'Links of {label}',
    selectNode: 'Select a node (click, or Tab then Enter) to list its links with their sources.',
    // map
    mapCaption: '{n} features',
    mapLegendExact: 'located precisely',
    mapLegendTerritory: 'representative point of a territory (size: population)',
    mapLegendCommune: 'located at its commune only (approximate)',
    mapLegendSpread: 'Markers at the same place are spread apart in the drawing; the coordinates in the data are unchanged.',
    mapNoGeometry: '{n} features without a drawable geometry.',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    zoomReset: 'Fit the features',
    mapKeys: 'Arrow keys move the map, + and − zoom.',
    outlines: 'Outlines: {attribution}',
    licence: 'Licence of the outlines',
    featureLabel: '{name}{precision}',
    precisionCommune: ' (located at its commune)',
    featureDetails: 'Properties of {name}',
    selectFeature: 'Select a marker (click, or Tab then Enter) to see its properties.',
    // rate limit
    rateLimited: 'Too many requests from your address (a shared network counts as one): the API answers {limit} requests a minute per address.',
    rateLimitedWait: 'Retry in {s} s.',
    rateLimitedSchema: 'The schema will load by itself in {s} s.',
    rateLimitedReady: 'You can run the query again.',
    retry: 'Run again',
    networkError: 'The API could not be reached: {message}',
  },
  fr: {
    storiesTitle: 'Histoires',
    storiesIntro: 'Des questions toutes prêtes sur les données. Cliquez sur l’une d’elles pour l’ouvrir dans un onglet, puis exécutez-la.',
    examplesTitle: 'Explorer les données',
    storyLink: 'Lien vers cette histoire\u00a0: {name}',
    explorerLink: 'Construire sa propre requête avec l’Explorer →',
    copyLink: 'Copier un lien vers cette requête',
    linkCopied: 'Lien copié\u00a0: il contient la requête, ses variables et la vue ouverte.',
    linkSelect: 'Copiez ce lien\u00a0:',
    linkUnreadable: 'Ce lien n’a pas pu être lu (il a peut-être été tronqué). La page s’est ouverte sans lui.',
    close: 'Fermer',
    viewsLabel: 'Vues du résultat',
    viewJSON: 'JSON',
    viewTable: 'Tableau',
    viewChart: 'Graphique',
    viewNetwork: 'Réseau',
    viewMap: 'Carte',
    viewNone: 'Rien de ce type dans la réponse.',
    runFirst: 'Exécutez une requête\u00a0: sa réponse est dessinée ici en tableau de chiffres, en graphique, en réseau ou en carte, quand elle s’y prête.',
    notAvailable: 'Cette réponse ne contient pas de {what}. Essayez\u00a0: {others}.',
    whatTable: 'chiffres (objets avec une valeur)',
    whatChart: 'série temporelle (timeSeries)',
    whatNetwork: 'réseau (graph\u00a0: nœuds et liens)',
    whatMap: 'GeoJSON (sitesGeoJSON, territoriesGeoJSON)',
    widen: 'Agrandir le résultat par-dessus l’éditeur',
    narrow: 'Revenir à côté de l’éditeur',
    widenShort: 'Agrandir',
    narrowShort: 'Éditeur',
    answerErrors: 'La réponse contient des erreurs\u00a0: voir l’onglet JSON.',
    tableCaption: '{n}\u00a0chiffres dans la réponse',
    colSubject: 'Sujet',
    colMetric: 'Indicateur',
    colValue: 'Valeur',
    colUnit: 'Unité',
    colDate: 'Date',
    colStatus: 'Statut',
    colRank: 'Rang',
    colSource: 'Source',
    quote: 'Citation',
    showQuote: 'Afficher la citation de {what}',
    hideQuote: 'Masquer la citation',
    noQuote: 'Pas de citation dans la réponse\u00a0: ajoutez citation { quote source { title } } à la requête.',
    publishedOn: 'publié le {date}',
    exportCSV: 'Exporter en CSV',
    exportCSVLabel: 'Télécharger le tableau en CSV (UTF-8)',
    conflicts: 'contredit par',
    chartTitle: '{metric} — {subject}',
    chartCaption: '{n}\u00a0points',
    seriesActual: 'Constaté',
    seriesTarget: 'Objectif',
    seriesAnnounced: 'Annoncé',
    seriesForecast: 'Prévision',
    seriesEstimate: 'Estimation',
    seriesOther: 'Autre',
    range: 'fourchette',
    today: 'aujourd’hui',
    pointLabel: '{status} {value} {unit}, {date}{source}',
    networkCaption: '{nodes}\u00a0nœuds, {edges}\u00a0liens{truncated}',
    truncated: ' (tronqué par l’API)',
    nodeLabel: '{label} ({kind}), {n}\u00a0liens',
    nodeDetails: 'Liens de {label}',
    selectNode: 'Sélectionnez un nœud (clic, ou Tab puis Entrée) pour lister ses liens et leurs sources.',
    mapCaption: '{n}\u00a0entités',
    mapLegendExact: 'localisé précisément',
    mapLegendTerritory: 'point représentatif d’un territoire (taille\u00a0: population)',
    mapLegendCommune: 'localisé à sa commune seulement (approximatif)',
    mapLegendSpread: 'Les marqueurs au même endroit sont écartés dans le dessin\u00a0; les coordonnées des données ne sont pas modifiées.',
    mapNoGeometry: '{n}\u00a0entités sans géométrie dessinable.',
    zoomIn: 'Zoomer',
    zoomOut: 'Dézoomer',
    zoomReset: 'Recadrer sur les entités',
    mapKeys: 'Les flèches déplacent la carte, + et − zooment.',
    outlines: 'Contours\u00a0: {attribution}',
    licence: 'Licence des contours',
    featureLabel: '{name}{precision}',
    precisionCommune: ' (localisé à sa commune)',
    featureDetails: 'Propriétés de {name}',
    selectFeature: 'Sélectionnez un marqueur (clic, ou Tab puis Entrée) pour voir ses propriétés.',
    rateLimited: 'Trop de requêtes depuis votre adresse (un réseau partagé compte pour une seule)\u00a0: l’API répond à {limit}\u00a0requêtes par minute et par adresse.',
    rateLimitedWait: 'Réessayez dans {s}\u00a0s.',
    rateLimitedSchema: 'Le schéma se chargera tout seul dans {s}\u00a0s.',
    rateLimitedReady: 'Vous pouvez relancer la requête.',
    retry: 'Relancer',
    networkError: 'L’API n’a pas pu être jointe\u00a0: {message}',
  },
};

// t returns the message of key in the page's language, with {name} placeholders
// replaced by params.
export function t(key, params) {
  let s = messages[lang][key] ?? messages.en[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined && params[k] !== null ? String(params[k]) : ''));
  return s;
}

const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
export function formatNumber(n) {
  return typeof n === 'number' && Number.isFinite(n) ? numberFormat.format(n) : n == null ? '' : String(n);
}

// Status and rank values of the API, readable.
const statusNames = {
  en: { ACTUAL: 'actual', TARGET: 'target', ANNOUNCED: 'announced', FORECAST: 'forecast', ESTIMATE: 'estimate',
    PREFERRED: 'preferred', NORMAL: 'normal', DEPRECATED: 'deprecated' },
  fr: { ACTUAL: 'constaté', TARGET: 'objectif', ANNOUNCED: 'annoncé', FORECAST: 'prévision', ESTIMATE: 'estimation',
    PREFERRED: 'retenu', NORMAL: 'normal', DEPRECATED: 'obsolète' },
};
export function enumName(v) {
  return (v && statusNames[lang][v]) || (v ? String(v).toLowerCase().replace(/_/g, ' ') : '');
}

// Example (story) fields in the page's language.
export function exampleName(ex) {
  return (lang === 'fr' && ex.nameFr) || ex.name;
}
export function exampleDescription(ex) {
  return (lang === 'fr' && ex.descriptionFr) || ex.description || '';
}

// Units as the API names them, written short and in the page's language (the CSV
// keeps the API's names).
const unitNames = {
  en: { PERCENT: '%', EUR: '€', HA: 'ha', GWH: 'GWh', M2: 'm²', SQUARE_METRES: 'm²', JOBS: 'jobs', PEOPLE: 'people',
    COMPANIES: 'companies', SITES: 'sites', AID_FILES: 'aid files', EUR_PER_SENIORITY_YEAR: '€ per year of service' },
  fr: { PERCENT: '%', EUR: '€', HA: 'ha', GWH: 'GWh', M2: 'm²', SQUARE_METRES: 'm²', JOBS: 'emplois', PEOPLE: 'personnes',
    COMPANIES: 'entreprises', SITES: 'sites', AID_FILES: 'dossiers d’aide', EUR_PER_SENIORITY_YEAR: '€ par année d’ancienneté' },
};
export function unitText(u) {
  if (!u) return '';
  return unitNames[lang][u] || String(u).toLowerCase().replace(/_/g, ' ');
}
