// "Stories" plugin: a side panel listing the ready-made stories, then the examples of
// exploration (name + description, in French or English after the browser).
// Clicking one opens it in a GraphiQL tab: the tab that already holds it, the current
// tab if it is empty, otherwise a new tab. Each has a permanent link (#story=<id>).
import { useGraphiQL, useGraphiQLActions, pick } from '@graphiql/react';
import { t, exampleName, exampleDescription } from './i18n.js';
import { useOpenQuery } from './controller.jsx';
import { useStore } from './store.js';

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

function StoryList({ items, current, currentStory, open }) {
  return (
    <ul>
      {items.map((ex, i) => {
        const active = currentStory ? ex.id === currentStory : norm(ex.query) === current;
        const name = exampleName(ex);
        return (
          <li key={ex.id || i} className="obs-story-item">
            <button type="button" className={'obs-story' + (active ? ' obs-story-active' : '')}
              aria-current={active ? 'true' : undefined} data-story={ex.id || ''}
              onClick={() => open({ query: ex.query, variables: ex.variables, story: ex.id })}>
              <span className="obs-story-name">{name}</span>
              {exampleDescription(ex) ? <span className="obs-story-desc">{exampleDescription(ex)}</span> : null}
            </button>
            {ex.id ? (
              <a className="obs-story-link" href={`#story=${encodeURIComponent(ex.id)}`}
                aria-label={t('storyLink', { name })} title={t('storyLink', { name })}>#</a>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function StoriesPanel({ examples }) {
  const { tabs, activeTabIndex } = useGraphiQL(pick('tabs', 'activeTabIndex'));
  const { setVisiblePlugin } = useGraphiQLActions();
  const tab = tabs[activeTabIndex];
  const current = norm(tab && tab.query);
  const currentStory = useStore((s) => (tab ? s.storyByTab[tab.id] || null : null));
  const open = useOpenQuery();
  const stories = examples.filter((e) => e.group !== 'example');
  const others = examples.filter((e) => e.group === 'example');

  return (
    <section className="obs-stories" aria-label={t('storiesTitle')}>
      <div className="graphiql-doc-explorer-title">{t('storiesTitle')}</div>
      <p className="obs-stories-intro">{t('storiesIntro')}</p>
      <StoryList items={stories} current={current} currentStory={currentStory} open={open} />
      {others.length ? (
        <>
          <h3 className="obs-stories-heading">{t('examplesTitle')}</h3>
          <StoryList items={others} current={current} currentStory={currentStory} open={open} />
        </>
      ) : null}
      <button type="button" className="obs-stories-explorer"
        onClick={() => setVisiblePlugin('GraphiQL Explorer')}>
        {t('explorerLink')}
      </button>
    </section>
  );
}

export function storiesPlugin(examples) {
  return {
    title: t('storiesTitle'),
    icon: StoriesIcon,
    content: () => <StoriesPanel examples={examples} />,
  };
}
