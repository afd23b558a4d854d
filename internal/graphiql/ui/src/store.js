// A small store shared by the observatory's components (they live in different
// parts of GraphiQL's tree: the toolbar, the footer of the result pane, the plugin
// panel): the open result view, the story open in each tab, the notices.
import { useSyncExternalStore } from 'react';

let state = {
  view: 'json', // json | table | chart | network | map
  wide: false, // the result pane covers the editors
  storyByTab: readStoryByTab(), // GraphiQL tab id -> story id
  rateLimit: null, // { until: ms epoch, introspection: bool }
  notice: null, // { text, kind: 'info' | 'error', link? }
  linkVersion: 0, // bumped when the link must be written at once
};
const listeners = new Set();

function readStoryByTab() {
  try {
    return JSON.parse(sessionStorage.getItem('observatory:storyByTab') || '{}') || {};
  } catch {
    return {};
  }
}

export function getState() {
  return state;
}

export function setState(patch) {
  const next = typeof patch === 'function' ? patch(state) : patch;
  state = { ...state, ...next };
  if (next.storyByTab) {
    try {
      sessionStorage.setItem('observatory:storyByTab', JSON.stringify(state.storyByTab));
    } catch {
      // private mode: the association lives as long as the page
    }
  }
  listeners.forEach((l) => l());
}

export function setStoryOfTab(tabId, storyId) {
  if (!tabId) return;
  setState((s) => {
    const storyByTab = { ...s.storyByTab };
    if (storyId) storyByTab[tabId] = storyId;
    else delete storyByTab[tabId];
    return { storyByTab };
  });
}

function subscribe(l) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useStore(select) {
  return useSyncExternalStore(subscribe, () => select(state));
}
