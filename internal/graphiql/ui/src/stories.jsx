// "Stories" plugin: a side panel listing the ready-made example operations
// (name + description). Clicking one opens it in a GraphiQL tab: the tab that
// already holds it, the current tab if it is empty, otherwise a new tab.
import { useGraphiQL, useGraphiQLActions, pick } from '@graphiql/react';

function StoriesIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H10a2 2 0 0 1 2 2v14a1.5 1.5 0 0 0-1.5-1.5h-5A1.5 1.5 0 0 1 4 17z" />
      <path d="M20 5.5A1.5 1.5 0 0 0 18.5 4H14a2 2 0 0 0-2 2v14a1.5 1.5 0 0 1 1.5-1.5h5A1.5 1.5 0 0 0 20 17z" />
    </svg>
  );
}

const norm = (s) => (s || '').trim();

function StoriesPanel({ examples }) {
  const { queryEditor, variableEditor, tabs, activeTabIndex } = useGraphiQL(
    pick('queryEditor', 'variableEditor', 'tabs', 'activeTabIndex'),
  );
  const { addTab, changeTab, setVisiblePlugin } = useGraphiQLActions();
  const current = norm(tabs[activeTabIndex] && tabs[activeTabIndex].query);

  function open(example) {
    const existing = tabs.findIndex((t) => norm(t.query) === norm(example.query));
    if (existing >= 0) {
      if (existing !== activeTabIndex) changeTab(existing);
      return;
    }
    if (norm(queryEditor ? queryEditor.getValue() : '') !== '') addTab();
    if (queryEditor) queryEditor.setValue(example.query || '');
    if (variableEditor) variableEditor.setValue(example.variables || '');
  }

  return (
    <section className="obs-stories" aria-label="Stories">
      <div className="graphiql-doc-explorer-title">Stories</div>
      <p className="obs-stories-intro">
        Ready-made questions on the data. Click one to open it in a tab, then run it.
      </p>
      <ul>
        {examples.map((ex, i) => (
          <li key={i}>
            <button type="button"
              className={'obs-story' + (norm(ex.query) === current ? ' obs-story-active' : '')}
              onClick={() => open(ex)}>
              <span className="obs-story-name">{ex.name}</span>
              {ex.description ? <span className="obs-story-desc">{ex.description}</span> : null}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="obs-stories-explorer"
        onClick={() => setVisiblePlugin('GraphiQL Explorer')}>
        Build your own query with the Explorer →
      </button>
    </section>
  );
}

export function storiesPlugin(examples) {
  return {
    title: 'Stories',
    icon: StoriesIcon,
    content: () => <StoriesPanel examples={examples} />,
  };
}
