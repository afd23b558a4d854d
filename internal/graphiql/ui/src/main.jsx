// GraphiQL for the observatory API, bundled for offline use (no CDN).
// The Go package graphiql renders the HTML page and passes its configuration
// as JSON in <script id="graphiql-config" type="application/json">.
import './workers.js';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './stories.css';
import './views/views.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { storiesPlugin } from './stories.jsx';
import { lang } from './i18n.js';
import { makeFetcher } from './fetcher.js';
import { readFragment } from './share.js';
import { setState } from './store.js';
import { Controller, CopyLinkButton } from './controller.jsx';
import { ResultViews } from './views/ResultViews.jsx';
import { Toast } from './notices.jsx';

function readConfig() {
  const el = document.getElementById('graphiql-config');
  try {
    return JSON.parse(el ? el.textContent : '{}') || {};
  } catch (err) {
    console.error('graphiql: invalid configuration', err);
    return {};
  }
}

const config = readConfig();
const endpoint = config.endpoint || '/graphql';
const examples = Array.isArray(config.examples) ? config.examples : [];
const fetcher = makeFetcher(endpoint);
document.documentElement.lang = lang;

// Plugins are created once: GraphiQL compares them by reference. The docs
// (reference) plugin is always first; passing `plugins` replaces GraphiQL's
// default [HISTORY_PLUGIN], so history is listed again here.
const stories = examples.length > 0 ? storiesPlugin(examples) : null;
const plugins = [...(stories ? [stories] : []), explorerPlugin(), HISTORY_PLUGIN];

// A first visit: a narrower side panel than GraphiQL's third of the width, so the
// editor and the result keep room at 1280×720. Later visits keep what the user set.
try {
  if (localStorage.getItem('graphiql:docExplorerFlex') === null) localStorage.setItem('graphiql:docExplorerFlex', '0.25');
} catch {
  // no storage: GraphiQL's default
}

function App({ initial }) {
  return (
    <>
      <GraphiQL
        fetcher={fetcher}
        plugins={plugins}
        visiblePlugin={stories || undefined}
        defaultQuery={config.welcomeQuery || undefined}
        initialQuery={initial && initial.query !== undefined ? initial.query : undefined}
        initialVariables={initial && initial.query !== undefined ? initial.variables || '' : undefined}
        defaultEditorToolsVisibility={initial && initial.variables ? 'variables' : false}
      >
        <GraphiQL.Logo>
          <span className="obs-logo">{config.logo || 'Observatoire'}</span>
        </GraphiQL.Logo>
        <GraphiQL.Toolbar>
          {({ prettify, merge, copy }) => (
            <>
              {prettify}
              {merge}
              {copy}
              <CopyLinkButton examples={examples} />
            </>
          )}
        </GraphiQL.Toolbar>
        <GraphiQL.Footer>
          <ResultViews />
          <Controller examples={examples} initial={initial} />
        </GraphiQL.Footer>
      </GraphiQL>
      <Toast />
    </>
  );
}

// A link's fragment (#story=…, #q=…) is read before GraphiQL starts, so the
// editors open on it.
async function start() {
  let initial = null;
  try {
    initial = await readFragment(location.hash, examples);
  } catch {
    setState({ notice: { kind: 'error', key: 'linkUnreadable' } });
  }
  if (initial && initial.view) setState({ view: initial.view });
  createRoot(document.getElementById('graphiql')).render(
    <StrictMode>
      <App initial={initial && initial.query !== undefined ? initial : null} />
    </StrictMode>,
  );
}

start();
