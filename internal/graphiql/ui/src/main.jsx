// GraphiQL for the observatory API, bundled for offline use (no CDN).
// The Go package graphiql renders the HTML page and passes its configuration
// as JSON in <script id="graphiql-config" type="application/json">.
import './workers.js';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './stories.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { storiesPlugin } from './stories.jsx';

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

// POST the operation as JSON; ask for the GraphQL-over-HTTP media type first.
// Error responses (4xx with a JSON body) are still shown in the result pane.
async function fetcher(params, opts) {
  const res = await fetch(endpoint, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/graphql-response+json, application/json',
      'Content-Type': 'application/json',
      ...(opts && opts.headers ? opts.headers : {}),
    },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${res.status} ${res.statusText}: ${text.slice(0, 1000)}`);
  }
}

// Plugins are created once: GraphiQL compares them by reference. The docs
// (reference) plugin is always first; passing `plugins` replaces GraphiQL's
// default [HISTORY_PLUGIN], so history is listed again here.
const stories = examples.length > 0 ? storiesPlugin(examples) : null;
const plugins = [...(stories ? [stories] : []), explorerPlugin(), HISTORY_PLUGIN];

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      visiblePlugin={stories || undefined}
      defaultQuery={config.welcomeQuery || undefined}
      defaultEditorToolsVisibility={false}
    >
      <GraphiQL.Logo>
        <span className="obs-logo">{config.logo || 'Observatoire'}</span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
