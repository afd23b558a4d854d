// Notices of the page: the API's rate limit (in words, with the time to wait and a
// button to run again), and short messages (link copied, link unreadable).
import { useEffect, useState } from 'react';
import { useGraphiQLActions } from '@graphiql/react';
import { t } from './i18n.js';
import { useStore, setState } from './store.js';

// useNow re-renders every second while active and returns the current time.
function useNow(active) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [active]);
  return Date.now();
}

// RateLimitNotice shows when the last API call was refused for the rate limit (the
// fetcher reports it) or when the answer on screen is such a refusal.
export function RateLimitNotice({ errors }) {
  const rateLimit = useStore((s) => s.rateLimit);
  const { run } = useGraphiQLActions();
  const refused = errors.find((e) => e && e.extensions && e.extensions.code === 'RATE_LIMITED');
  const active = !!rateLimit || !!refused;
  const now = useNow(active);
  if (!active) return null;
  const until = rateLimit ? rateLimit.until : null;
  const limit = (rateLimit && rateLimit.limit) || (refused && refused.extensions.limit) || 120;
  const left = until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
  return (
    <div className="obs-notice obs-notice-warn" role="alert" data-testid="rate-limit-notice">
      <p>
        {t('rateLimited', { limit })}{' '}
        {left > 0 ? (rateLimit.introspection ? t('rateLimitedSchema', { s: left }) : t('rateLimitedWait', { s: left })) : t('rateLimitedReady')}
      </p>
      {!rateLimit || !rateLimit.introspection ? (
        <button type="button" className="obs-button" disabled={left > 0}
          onClick={() => { setState({ rateLimit: null }); run(); }}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

// Toast: a short message at the bottom of the page, read out by screen readers.
export function Toast() {
  const notice = useStore((s) => s.notice);
  useEffect(() => {
    if (!notice || notice.sticky) return undefined;
    const id = setTimeout(() => setState({ notice: null }), notice.link ? 15000 : 5000);
    return () => clearTimeout(id);
  }, [notice]);
  return (
    <div className="obs-toast-area" role="status" aria-live="polite">
      {notice ? (
        <div className={'obs-toast' + (notice.kind === 'error' ? ' obs-toast-error' : '')} data-testid="toast">
          <span>{t(notice.key, notice.params)}</span>
          {notice.link ? (
            <input className="obs-link-field" readOnly value={notice.link} aria-label={t('linkSelect')}
              onFocus={(e) => e.target.select()} autoFocus />
          ) : null}
          <button type="button" className="obs-button obs-icon-button" aria-label={t('close')} onClick={() => setState({ notice: null })}>×</button>
        </div>
      ) : null}
    </div>
  );
}
