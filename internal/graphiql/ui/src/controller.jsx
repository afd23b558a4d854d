// What runs inside GraphiQL without a place on screen: the link in the address bar
// follows the editors (debounced, replaceState), a link pasted or clicked later opens
// its query, and the editors get the observatory's options.
import { useEffect, useRef } from 'react';
import { useGraphiQL, useGraphiQLActions, pick, ToolbarButton } from '@graphiql/react';
import { t } from './i18n.js';
import { fragment, readFragment, pageURL } from './share.js';
import { getState, setState, setStoryOfTab, useStore } from './store.js';

const norm = (s) => (s || '').trim();

// Editor options: a smaller font (more of the story queries fit at 1280×720),
// wrapped lines (the long selections of the stories and the long quotes of the
// answers stay visible), and typographic characters of French text (’ « » and
// no-break spaces) not highlighted as suspicious.
export const EDITOR_OPTIONS = {
  fontSize: 13,
  lineHeight: 18,
  wordWrap: 'on',
  wrappingIndent: 'indent',
  unicodeHighlight: {
    ambiguousCharacters: false,
    invisibleCharacters: true,
    nonBasicASCII: false,
    allowedCharacters: { '\u2019': true, '\u2018': true, '\u201c': true, '\u201d': true, '\u00ab': true, '\u00bb': true, '\u00a0': true, '\u202f': true, '\u2013': true, '\u2014': true, '\u2026': true },
    allowedLocales: { fr: true, en: true },
  },
};

// useOpenQuery returns open({query, variables, story}): switches to the tab that
// already holds the query, fills the current tab if it is empty, or opens a new tab;
// the tab then remembers the story it shows.
export function useOpenQuery() {
  const { queryEditor, variableEditor, tabs, activeTabIndex } = useGraphiQL(
    pick('queryEditor', 'variableEditor', 'tabs', 'activeTabIndex'),
  );
  const { addTab, changeTab } = useGraphiQLActions();
  return function open(state) {
    const query = state.query || '';
    const variables = state.variables || '';
    const existing = tabs.findIndex((tab) => norm(tab.query) === norm(query) && norm(tab.variables) === norm(variables));
    if (existing >= 0) {
      if (existing !== activeTabIndex) changeTab(existing);
      setStoryOfTab(tabs[existing].id, state.story || null);
      return;
    }
    if (norm(queryEditor ? queryEditor.getValue() : '') !== '') addTab();
    // The new tab's id is known once GraphiQL has switched: see Controller.
    setState({ pendingStory: { story: state.story || null, query } });
    if (queryEditor) queryEditor.setValue(query);
    if (variableEditor) variableEditor.setValue(variables);
  };
}

export function Controller({ examples, initial }) {
  const { tabs, activeTabIndex, queryEditor, variableEditor, headerEditor, responseEditor } = useGraphiQL(
    pick('tabs', 'activeTabIndex', 'queryEditor', 'variableEditor', 'headerEditor', 'responseEditor'),
  );
  const tab = tabs[activeTabIndex];
  const tabId = tab ? tab.id : null;
  const story = useStore((s) => (tabId ? s.storyByTab[tabId] || null : null));
  const view = useStore((s) => s.view);
  const pending = useStore((s) => s.pendingStory);
  const open = useOpenQuery();
  const openRef = useRef(open);
  openRef.current = open;
  const started = useRef(false);

  useEffect(() => {
    for (const ed of [queryEditor, variableEditor, headerEditor, responseEditor]) {
      if (ed) ed.updateOptions(EDITOR_OPTIONS);
    }
  }, [queryEditor, variableEditor, headerEditor, responseEditor]);

  // The tab opened from a link or a story remembers it.
  useEffect(() => {
    if (!tabId) return;
    if (!started.current) {
      started.current = true;
      if (initial && initial.story && norm(tab.query) === norm(initial.query)) setStoryOfTab(tabId, initial.story);
    }
    if (pending && norm(tab.query) === norm(pending.query)) {
      setStoryOfTab(tabId, pending.story);
      setState({ pendingStory: null });
    }
  }, [tabId, tab && tab.query, pending]); // eslint-disable-line react-hooks/exhaustive-deps

  // The address bar follows the editors.
  const query = tab ? tab.query : '';
  const variables = tab ? tab.variables : '';
  const linkVersion = useStore((s) => s.linkVersion);
  useEffect(() => {
    let cancelled = false;
    const id = setTimeout(async () => {
      const frag = await fragment({ query, variables, story, view }, examples);
      if (cancelled) return;
      if (frag !== location.hash && !(frag === '' && !location.hash)) {
        history.replaceState(history.state, '', frag || location.pathname + location.search);
      }
    }, linkVersion ? 0 : 400);
    return () => { cancelled = true; clearTimeout(id); };
  }, [query, variables, story, view, examples, linkVersion]);

  // A link opened in this page (a story's link clicked, a link pasted in the address bar).
  useEffect(() => {
    const onHash = async () => {
      try {
        const state = await readFragment(location.hash, examples);
        if (!state) return;
        if (state.view) setState({ view: state.view });
        if (state.query !== undefined) openRef.current(state);
      } catch {
        setState({ notice: { kind: 'error', key: 'linkUnreadable' } });
      }
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [examples]);

  return null;
}

function LinkIcon() {
  return (
    <svg viewBox="0 0 24 24" className="graphiql-toolbar-icon" fill="none" stroke="currentColor" strokeWidth="1.5"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L12 5.6" />
      <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2" />
    </svg>
  );
}

// CopyLinkButton: copies the link of what the editors hold (query, variables, open
// story and view), written at once rather than after the debounce.
export function CopyLinkButton({ examples }) {
  const { tabs, activeTabIndex } = useGraphiQL(pick('tabs', 'activeTabIndex'));
  async function copy() {
    const tab = tabs[activeTabIndex];
    const s = getState();
    const frag = await fragment({
      query: tab ? tab.query : '',
      variables: tab ? tab.variables : '',
      story: tab ? s.storyByTab[tab.id] : null,
      view: s.view,
    }, examples);
    history.replaceState(history.state, '', frag || location.pathname + location.search);
    const url = pageURL(frag);
    try {
      await navigator.clipboard.writeText(url);
      setState({ notice: { kind: 'info', key: 'linkCopied' } });
    } catch {
      // No clipboard (a page over plain HTTP on another host): show the link to copy.
      setState({ notice: { kind: 'info', key: 'linkSelect', link: url } });
    }
  }
  return (
    <ToolbarButton onClick={copy} label={t('copyLink')} className="obs-copy-link" data-testid="copy-link">
      <LinkIcon />
    </ToolbarButton>
  );
}
