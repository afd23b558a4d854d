// The figures of the answer as a table: value, unit, date, status, rank and source;
// each row opens its quote; the table downloads as CSV.
import { Fragment, useState } from 'react';
import { t, formatNumber, enumName, unitText } from '../i18n.js';

function valueText(f) {
  const approx = f.approximation === 'ABOUT' ? '≈\u00a0' : '';
  const more = f.approximation === 'MORE_THAN' ? '>\u00a0' : f.approximation === 'LESS_THAN' ? '<\u00a0' : '';
  const main = formatNumber(f.value);
  return approx + more + (f.valueMax != null ? `${main}–${formatNumber(f.valueMax)}` : main);
}


const CSV_COLUMNS = ['subject', 'metric', 'value', 'valueMax', 'approximation', 'unit', 'date', 'status', 'rank',
  'rankReason', 'source', 'publisher', 'publishedOn', 'quote', 'conflictsWith', 'path'];

function csvCell(v) {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// toCSV: RFC 4180 (comma, CRLF, quotes doubled), numbers as the API gives them
// (dot decimal), UTF-8 with a byte-order mark so spreadsheets read the accents.
export function toCSV(figures) {
  const rows = [CSV_COLUMNS.join(',')];
  for (const f of figures) {
    const rec = { ...f, conflictsWith: f.conflict };
    rows.push(CSV_COLUMNS.map((c) => csvCell(rec[c])).join(','));
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function FiguresTable({ figures, name }) {
  const [open, setOpen] = useState(() => new Set());
  const toggle = (i) => setOpen((s) => {
    const n = new Set(s);
    if (n.has(i)) n.delete(i);
    else n.add(i);
    return n;
  });
  const fileName = `${(name || 'observatoire').replace(/[^A-Za-z0-9_-]+/g, '-')}-figures.csv`;
  return (
    <div className="obs-table-view">
      <div className="obs-view-bar">
        <span className="obs-view-caption" data-testid="table-caption">{t('tableCaption', { n: figures.length })}</span>
        <button type="button" className="obs-button" onClick={() => download(fileName, toCSV(figures))}
          aria-label={t('exportCSVLabel')} data-testid="csv-export">
          {t('exportCSV')}
        </button>
      </div>
      <div className="obs-table-scroll" tabIndex={0} role="region" aria-label={t('tableCaption', { n: figures.length })}>
        <table className="obs-table">
          <thead>
            <tr>
              <th scope="col">{t('colSubject')} / {t('colMetric')}</th>
              <th scope="col" className="obs-num">{t('colValue')}</th>
              <th scope="col">{t('colUnit')}</th>
              <th scope="col">{t('colDate')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{t('colRank')}</th>
              <th scope="col">{t('colSource')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f, i) => {
              const isOpen = open.has(i);
              const what = `${f.metric || ''} ${valueText(f)} ${f.unit || ''}`.trim();
              return (
                <Fragment key={i}>
                  <tr className={'obs-figure' + (f.rank === 'DEPRECATED' ? ' obs-deprecated' : '')} data-figure={i}>
                    <td>
                      {f.conflict ? <span className="obs-conflict">↳ {t('conflicts')} {f.conflict}</span> : null}
                      <span className="obs-figure-metric">{f.metric}</span>
                      {f.subject ? <span className="obs-figure-subject">{f.subject}</span> : null}
                    </td>
                    <td className="obs-num">{valueText(f)}</td>
                    <td title={f.unit}>{unitText(f.unit)}</td>
                    <td className="obs-nowrap">{f.date}</td>
                    <td><span className={'obs-status obs-status-' + (f.status || 'none').toLowerCase()}>{enumName(f.status)}</span></td>
                    <td title={f.rankReason || undefined}>{enumName(f.rank)}</td>
                    <td>
                      <button type="button" className="obs-quote-button" aria-expanded={isOpen}
                        aria-controls={`obs-quote-${i}`} onClick={() => toggle(i)}
                        aria-label={isOpen ? t('hideQuote') : t('showQuote', { what })}>
                        <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> <span className="obs-source-title">{f.source || t('quote')}</span>
                      </button>
                    </td>
                  </tr>
                  {isOpen ? (
                    <tr className="obs-quote-row" id={`obs-quote-${i}`}>
                      <td colSpan={7}>
                        {f.quote ? <blockquote lang="fr">« {f.quote} »</blockquote> : <p>{t('noQuote')}</p>}
                        {f.source ? (
                          <p className="obs-quote-source">
                            — {f.source}{f.publisher ? `, ${f.publisher}` : ''}{f.publishedOn ? `, ${t('publishedOn', { date: f.publishedOn })}` : ''}
                          </p>
                        ) : null}
                        {f.rankReason ? <p className="obs-quote-source">{enumName(f.rank)}: {f.rankReason}</p> : null}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
