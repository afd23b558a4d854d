// The observatory's result views, in tabs above GraphiQL's JSON pane: JSON (GraphiQL's
// own), a table of figures, a chart of time series, a network, a map. A view other
// than JSON covers the JSON pane; the open view is part of the page's link.
import { useEffect, useMemo, useRef } from 'react';
import { useGraphiQL, pick } from '@graphiql/react';
import { t } from '../i18n.js';
import { useStore, setState } from '../store.js';
import { extract, errorsOf } from './extract.js';
import { FiguresTable } from './FiguresTable.jsx';
import { SeriesCharts } from './SeriesChart.jsx';
import { NetworkView } from './NetworkView.jsx';
import { MapView } from './MapView.jsx';
import { RateLimitNotice } from '../notices.jsx';

const TABS = [
  { id: 'json', label: 'viewJSON' },
  { id: 'table', label: 'viewTable', what: 'whatTable', count: (f) => f.figures.length },
  { id: 'chart', label: 'viewChart', what: 'whatChart', count: (f) => f.series.reduce((n, s) => n + s.points.length, 0) },
  { id: 'network', label: 'viewNetwork', what: 'whatNetwork', count: (f) => f.graphs.reduce((n, g) => n + g.graph.nodes.length, 0) },
  { id: 'map', label: 'viewMap', what: 'whatMap', count: (f) => f.maps.reduce((n, m) => n + m.collection.features.length, 0) },
];

function parse(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function ResultViews() {
  const { tabs, activeTabIndex, isFetching } = useGraphiQL(pick('tabs', 'activeTabIndex', 'isFetching'));
  const tab = tabs[activeTabIndex];
  const responseText = tab ? tab.response : null;
  const response = useMemo(() => parse(responseText), [responseText]);
  const found = useMemo(() => extract(response), [response]);
  const errors = errorsOf(response);
  const view = useStore((s) => s.view);
  const wide = useStore((s) => s.wide);
  const rootRef = useRef(null);
  const tabRefs = useRef({});

  // A view other than JSON covers GraphiQL's JSON pane (in the same response area).
  useEffect(() => {
    const pane = rootRef.current && rootRef.current.closest('.graphiql-response');
    if (pane) pane.classList.toggle('obs-view-open', view !== 'json');
  }, [view]);
  useEffect(() => {
    document.body.classList.toggle('obs-wide', wide);
  }, [wide]);

  const counts = Object.fromEntries(TABS.map((x) => [x.id, x.count ? x.count(found) : null]));
  const select = (id) => setState({ view: id });
  const onKeyDown = (ev) => {
    const i = TABS.findIndex((x) => x.id === view);
    let j = null;
    if (ev.key === 'ArrowRight') j = (i + 1) % TABS.length;
    else if (ev.key === 'ArrowLeft') j = (i - 1 + TABS.length) % TABS.length;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = TABS.length - 1;
    if (j == null) return;
    ev.preventDefault();
    select(TABS[j].id);
    tabRefs.current[TABS[j].id]?.focus();
  };

  let body = null;
  const current = TABS.find((x) => x.id === view) || TABS[0];
  if (view !== 'json') {
    const others = TABS.filter((x) => x.count && counts[x.id] > 0).map((x) => t(x.label));
    if (!response) body = <p className="obs-hint">{isFetching ? '…' : t('runFirst')}</p>;
    else if (!counts[view]) {
      body = (
        <p className="obs-hint">
          {t('notAvailable', { what: t(current.what), others: others.length ? others.join(', ') : t('viewJSON') })}
          {errors.length ? <> {t('answerErrors')}</> : null}
        </p>
      );
    } else if (view === 'table') body = <FiguresTable figures={found.figures} name={tab && tab.operationName} />;
    else if (view === 'chart') body = <SeriesCharts series={found.series} />;
    else if (view === 'network') body = <NetworkView graphs={found.graphs} />;
    else if (view === 'map') body = <MapView maps={found.maps} />;
  }

  return (
    <div className="obs-views" ref={rootRef} data-view={view}>
      <div className="obs-views-bar">
        <div role="tablist" aria-label={t('viewsLabel')} className="obs-views-tabs" onKeyDown={onKeyDown}>
          {TABS.map((x) => {
            const n = counts[x.id];
            const selected = view === x.id;
            return (
              <button key={x.id} type="button" role="tab" id={`obs-view-tab-${x.id}`} aria-selected={selected}
                aria-controls="obs-view-panel" tabIndex={selected ? 0 : -1} data-view-tab={x.id}
                ref={(el) => { tabRefs.current[x.id] = el; }}
                className={'obs-views-tab' + (selected ? ' obs-views-tab-selected' : '') + (n === 0 ? ' obs-views-tab-empty' : '')}
                onClick={() => select(x.id)} title={n === 0 ? t('viewNone') : undefined}>
                {t(x.label)}{n ? <span className="obs-count"> {n}</span> : null}
              </button>
            );
          })}
        </div>
        {view !== 'json' ? (
          <button type="button" className="obs-button" onClick={() => setState({ wide: !wide })} data-testid="widen"
            aria-pressed={wide} aria-label={wide ? t('narrow') : t('widen')} title={wide ? t('narrow') : t('widen')}>
            <span aria-hidden="true">{wide ? '⇥ ' : '⇤ '}</span>{wide ? t('narrowShort') : t('widenShort')}
          </button>
        ) : null}
      </div>
      <RateLimitNotice errors={errors} />
      {view !== 'json' ? (
        <div className="obs-view-panel" id="obs-view-panel" role="tabpanel" aria-labelledby={`obs-view-tab-${view}`}>
          {body}
        </div>
      ) : null}
    </div>
  );
}
