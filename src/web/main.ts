// The Annals explorer: search, timeline, relationship graph and entity panel over the public
// GraphQL API. All state lives in the URL (url-state.ts); this file wires the views to it.

import './style.css';
import {
  ApiError,
  EVENT_KINDS,
  onActivity,
  findConnections,
  loadEntity,
  loadPlaces,
  loadRef,
  loadTimeline,
  search,
  type EntityRef,
  type EventKind,
  type Path,
  type TimelineEvent,
} from './api.js';
import { initCitationDialog } from './citation-dialog.js';
import { parseEdtf, stepWindow, windowBounds, windowFromRange, zoomRange, type Window } from './dates.js';
import { byId, debounce, h, replace } from './dom.js';
import { renderEmpty, renderEntity, type PanelActions } from './entity-panel.js';
import { BrowseView } from './browse.js';
import { GraphView, graphLegend } from './graph.js';
import { MapView } from './map.js';
import { applyStaticLabels, browserLang, nameOf, pick, setLang, t, tData, windowLabel, type Lang } from './i18n.js';
import { SearchCombobox } from './search.js';
import { TimelineView } from './timeline.js';
import { readState, toSearch, writeState, type AppState } from './url-state.js';

type Origin = 'url' | 'search' | 'link' | 'graph' | 'map' | 'timeline' | 'timeline-user' | 'controls';

let state: AppState = readState(location.search, browserLang());

// ------------------------------------------------------------------------------------ status line

const statusLine = byId('status');
/** Says what failed, with a Retry button when the failed request can be sent again. */
function report(err: unknown, retry?: () => void): void {
  if (err instanceof DOMException && err.name === 'AbortError') return;
  const code = err instanceof ApiError ? err.code : 'ERROR';
  const message = err instanceof Error ? err.message : String(err);
  replace(
    statusLine,
    h('span', {}, t('error.generic', { code, message })),
    retry
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary retry',
            onclick: () => {
              clearStatus();
              retry();
            },
          },
          t('error.retry'),
        )
      : null,
  );
  statusLine.hidden = false;
}

// Any request in flight shows the progress line at the top (and aria-busy on the page).
const progress = byId('progress');
onActivity((busy) => {
  progress.hidden = !busy;
  document.body.toggleAttribute('aria-busy', busy);
});
function clearStatus(): void {
  replace(statusLine);
  statusLine.hidden = true;
}

// ---------------------------------------------------------------------------------------- updates

function update(patch: Partial<AppState>, mode: 'push' | 'replace', origin: Origin): void {
  const prev = state;
  state = { ...state, ...patch };
  writeState(state, mode);
  sync(prev, state, origin);
}

const hrefFor = (id: string) => toSearch({ ...state, entity: id, path: state.path }) || '?';

function openEntity(id: string, origin: Origin): void {
  if (id === state.entity) {
    if (origin === 'search' || origin === 'link') focusHeading();
    return;
  }
  pendingFocus = origin === 'search' || origin === 'link';
  update({ entity: id }, 'push', origin);
}

// ----------------------------------------------------------------------------------------- search

const searchBox = new SearchCombobox({
  input: byId<HTMLInputElement>('search-input'),
  host: byId('search-host'),
  status: byId('search-status'),
  onPick: (entity) => openEntity(entity.id, 'search'),
});

// ---------------------------------------------------------------------------------- entity panel

const panelBody = byId('entity-body');
let panelSeq = 0;
let panelController: AbortController | undefined;
let pendingFocus = false;
let openName: string | undefined;

function focusHeading(): void {
  const heading = document.getElementById('entity-name');
  heading?.focus();
}

const panelActions: PanelActions = {
  href: (id) => hrefFor(id),
  open: (id) => openEntity(id, 'link'),
  showOnTimeline: (w: Window) => update({ from: w.from, to: w.to }, 'replace', 'controls'),
};

async function loadPanel(id: string | undefined): Promise<void> {
  if (id) replace(panelBody, h('p', { class: 'loading' }, t('panel.loading')));
  const seq = ++panelSeq;
  panelController?.abort();
  if (!id) {
    openName = undefined;
    timeline.setRelated([]);
    map.select([]);
    renderEmpty(panelBody, t('panel.empty'));
    document.title = t('app.title');
    updateInvolvingLabel();
    return;
  }
  const controller = new AbortController();
  panelController = controller;
  panelBody.setAttribute('aria-busy', 'true');
  try {
    const entity = await loadEntity(id, state.lang, controller.signal);
    if (seq !== panelSeq) return;
    if (!entity) {
      openName = undefined;
      renderEmpty(panelBody, t('error.notFound', { id }));
    } else {
      openName = nameOf({
        name: entity.name,
        nameEn: entity.names.filter((n) => n.lang === 'en' && n.kind === 'PRIMARY'),
        namePinyin: entity.names.filter((n) => n.lang === 'pinyin' && n.kind === 'PRIMARY'),
      });
      renderEntity(panelBody, entity, panelActions);
      timeline.setRelated(entity.relations.filter((r) => r.other.type === 'EVENT').map((r) => r.other.id));
      timeline.reveal(!state.from && !state.to); // an explicit window is the user's: not moved
      // The open place, or the places of the open event, stand out on the map.
      map.select([entity.id, ...entity.relations.filter((r) => r.other.type === 'PLACE').map((r) => r.other.id)]);
      document.title = `${openName} · ${t('app.title')}`;
      if (!pathFrom.picked && pathFrom.input.value.trim() === '') pathFrom.combo.set(entity);
    }
    updateInvolvingLabel();
    if (pendingFocus) focusHeading();
  } catch (err) {
    if (seq !== panelSeq) return;
    if (err instanceof ApiError && err.code === 'NOT_FOUND') {
      openName = undefined;
      renderEmpty(panelBody, t('error.notFound', { id }));
      updateInvolvingLabel();
    } else {
      renderEmpty(panelBody, t('error.panel'));
      report(err, () => void loadPanel(state.entity));
    }
  } finally {
    if (seq === panelSeq) {
      panelBody.removeAttribute('aria-busy');
      pendingFocus = false;
    }
  }
}

// ------------------------------------------------------------------------------------- timeline

const windowFrom = byId<HTMLInputElement>('window-from');
const windowTo = byId<HTMLInputElement>('window-to');
const windowError = byId('window-error');
const readingSelect = byId<HTMLSelectElement>('reading');
const involvingBox = byId<HTMLInputElement>('involving');
const kindsBox = byId('kinds-options');
const timelineCount = byId('timeline-count');
const applyButton = byId('window-apply');

const timeline = new TimelineView(byId('timeline'), byId('event-list'), {
  onOpen: (id) => openEntity(id, 'timeline'),
  onUserRange: debounce((start: Date, end: Date) => {
    const w = windowFromRange(start, end);
    update({ from: w.from, to: w.to }, 'replace', 'timeline-user');
  }, 400),
});

let allEvents: TimelineEvent[] = [];
let timelineSeq = 0;
let timelineController: AbortController | undefined;

async function loadTimelineData(moveView: boolean): Promise<void> {
  const seq = ++timelineSeq;
  timelineController?.abort();
  const controller = new AbortController();
  timelineController = controller;
  byId('timeline-section').setAttribute('aria-busy', 'true');
  applyButton.setAttribute('aria-busy', 'true');
  timelineCount.textContent = t('timeline.loading');
  try {
    const events = await loadTimeline(
      {
        from: state.from,
        to: state.to,
        reading: state.reading,
        involving: state.involving && state.entity ? [state.entity] : undefined,
        lang: state.lang,
      },
      controller.signal,
    );
    if (seq !== timelineSeq) return;
    allEvents = events;
    renderTimeline();
    if (moveView) timeline.show({ from: state.from, to: state.to });
    timeline.reveal(!state.from && !state.to);
  } catch (err) {
    if (seq === timelineSeq) {
      timelineCount.textContent = t('timeline.failed');
      report(err, () => void loadTimelineData(true));
    }
  } finally {
    if (seq === timelineSeq) {
      byId('timeline-section').removeAttribute('aria-busy');
      applyButton.removeAttribute('aria-busy');
    }
  }
}

function renderTimeline(): void {
  const kinds = state.kinds;
  const shown = kinds ? allEvents.filter((e) => e.kind !== null && kinds.includes(e.kind)) : allEvents;
  timeline.setEvents(shown);
  timeline.select(state.entity);
  const win =
    state.from && state.to
      ? state.from === state.to
        ? windowLabel(state.from)
        : `${windowLabel(state.from)} – ${windowLabel(state.to)}`
      : t('timeline.allTime');
  timelineCount.textContent = t('timeline.countWindow', { window: win, n: shown.length });
}

function renderKinds(): void {
  replace(
    kindsBox,
    EVENT_KINDS.map((k) =>
      h(
        'label',
        { class: 'chip' },
        h('input', { type: 'checkbox', value: k, checked: !state.kinds || state.kinds.includes(k), onchange: onKindsChange }),
        tData('kind', k),
      ),
    ),
  );
}

function onKindsChange(): void {
  const checked = [...kindsBox.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value as EventKind);
  update({ kinds: checked.length === EVENT_KINDS.length ? undefined : checked }, 'replace', 'controls');
}

function updateInvolvingLabel(): void {
  involvingBox.disabled = !state.entity;
  byId('involving-name').textContent = openName ? `(${openName})` : '';
}

byId<HTMLFormElement>('window-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = windowFrom.value.trim();
  const to = windowTo.value.trim();
  if (from === '' && to === '') return setWindow(undefined);
  const a = from || to;
  const b = to || from;
  const start = parseEdtf(a);
  const end = parseEdtf(b);
  if (!start || !end) {
    windowError.textContent = t('timeline.badWindow');
    (start ? windowTo : windowFrom).focus();
    return;
  }
  if (start.start >= end.end) {
    windowError.textContent = t('timeline.badOrder');
    return;
  }
  setWindow({ from: a, to: b });
});

function setWindow(w: Window | undefined): void {
  windowError.textContent = '';
  update({ from: w?.from, to: w?.to }, 'replace', 'controls');
}

function currentWindow(): Window {
  return state.from && state.to
    ? { from: state.from, to: state.to }
    : windowFromRange(timeline.visibleRange().start, timeline.visibleRange().end);
}

byId('window-all').addEventListener('click', () => setWindow(undefined));
byId('window-prev').addEventListener('click', () => setWindow(stepWindow(currentWindow(), -1) ?? undefined));
byId('window-next').addEventListener('click', () => setWindow(stepWindow(currentWindow(), 1) ?? undefined));
for (const [id, factor] of [
  ['zoom-in', 0.5],
  ['zoom-out', 2],
] as const) {
  byId(id).addEventListener('click', () => {
    const bounds = windowBounds(state) ?? timeline.visibleRange();
    const r = zoomRange(bounds.start, bounds.end, factor);
    setWindow(windowFromRange(r.start, r.end));
  });
}
readingSelect.addEventListener('change', () =>
  update({ reading: readingSelect.value === 'CERTAINLY' ? 'CERTAINLY' : 'POSSIBLY' }, 'replace', 'controls'),
);
involvingBox.addEventListener('change', () => update({ involving: involvingBox.checked }, 'replace', 'controls'));

// ----------------------------------------------------------------------------------------- graph

const graph = new GraphView(byId('graph'), {
  onOpen: (id) => openEntity(id, 'graph'),
  // An unknown entity is said once, in the panel.
  onError: (err) => (err instanceof ApiError && err.code === 'NOT_FOUND' ? undefined : report(err)),
});
let graphReady: Promise<void> = Promise.resolve();
const depthSelect = byId<HTMLSelectElement>('graph-depth');
depthSelect.addEventListener('change', () => {
  graph.setDepth(Number(depthSelect.value));
  recentre();
});
byId('graph-reset').addEventListener('click', () => recentre());

function recentre(): void {
  if (!state.entity) return;
  graphReady = graph.showCenter(state.entity).then(() => {
    if (currentPaths.length > 0) graph.highlightPath(currentPaths[selectedPath]);
  });
}

// ------------------------------------------------------------------------------------------- map

const map = new MapView(byId('map'), byId('map-count'), {
  open: (id) => openEntity(id, 'map'),
  href: (id) => hrefFor(id),
  onError: (err) => report(err),
});

// ------------------------------------------------------------------------------------- browsing

const browseView = new BrowseView(byId('browse'), {
  href: (id) => hrefFor(id),
  open: (id) => openEntity(id, 'link'),
  onFilter: (filter) => update({ browse: filter }, 'replace', 'controls'),
  // The places listed stand out on the map, with the open entity's.
  onPlaces: (ids) => map.select([...(state.entity ? [state.entity] : []), ...ids]),
  onError: (err, retry) => report(err, retry),
});

// ------------------------------------------------------------------------------------ connections

function comboField(inputId: string) {
  const input = byId<HTMLInputElement>(inputId);
  const combo = new SearchCombobox({ input, host: byId(`${inputId}-host`), status: byId(`${inputId}-status`), onPick: () => undefined });
  return {
    input,
    combo,
    get picked() {
      return combo.picked;
    },
  };
}
const pathFrom = comboField('path-from');
const pathTo = comboField('path-to');
const hopsSelect = byId<HTMLSelectElement>('path-hops');
const pathResults = byId('path-results');
let currentPaths: Path[] = [];
let selectedPath = 0;
let pathSeq = 0;

async function resolveField(f: ReturnType<typeof comboField>): Promise<EntityRef | undefined> {
  if (f.picked) return f.picked;
  const text = f.input.value.trim();
  if (!text) return undefined;
  const [hit] = await search(text, undefined, 1);
  if (hit) f.combo.set(hit.entity);
  return hit?.entity;
}

byId<HTMLFormElement>('path-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    try {
      const [a, b] = await Promise.all([resolveField(pathFrom), resolveField(pathTo)]);
      if (!a || !b) {
        replace(pathResults, h('p', { class: 'error', role: 'alert' }, t('path.pick')));
        return;
      }
      if (state.path?.[0] === a.id && state.path[1] === b.id) void runPath(state.path);
      else update({ path: [a.id, b.id] }, 'push', 'controls');
    } catch (err) {
      report(err);
    }
  })();
});
byId('path-clear').addEventListener('click', () => {
  pathTo.combo.set(undefined);
  update({ path: undefined }, 'replace', 'controls');
});

async function runPath(path: [string, string] | undefined): Promise<void> {
  const seq = ++pathSeq;
  currentPaths = [];
  selectedPath = 0;
  if (!path) {
    replace(pathResults);
    graph.highlightPath(undefined);
    return;
  }
  const hops = Number(hopsSelect.value);
  pathResults.setAttribute('aria-busy', 'true');
  try {
    const [paths, a, b] = await Promise.all([
      findConnections(path[0], path[1], hops),
      pathFrom.picked?.id === path[0] ? pathFrom.picked : loadRef(path[0]),
      pathTo.picked?.id === path[1] ? pathTo.picked : loadRef(path[1]),
    ]);
    if (seq !== pathSeq) return;
    if (a) pathFrom.combo.set(a);
    if (b) pathTo.combo.set(b);
    currentPaths = paths;
    renderPaths(hops);
    await graphReady;
    if (seq !== pathSeq) return;
    graph.highlightPath(paths[0]);
  } catch (err) {
    if (seq === pathSeq) report(err);
  } finally {
    if (seq === pathSeq) pathResults.removeAttribute('aria-busy');
  }
}

function renderPaths(hops: number): void {
  if (currentPaths.length === 0) {
    replace(pathResults, h('p', { class: 'empty' }, t('path.none', { hops })));
    return;
  }
  replace(
    pathResults,
    h(
      'ol',
      { class: 'paths' },
      currentPaths.map((p, i) => {
        const names = new Map(p.entities.map((e) => [e.id, e]));
        const chain: (Node | string)[] = [];
        p.steps.forEach((s, j) => {
          if (j === 0) chain.push(stepEntity(names.get(s.from.id)));
          const label =
            pick(s.relation.title ?? s.relation.role, s.relation.titleEn ?? s.relation.roleEn) || tData('rel', `${s.relation.type}.OUT`);
          const arrow = s.relation.direction === 'IN' ? `←${label}—` : `—${label}→`;
          chain.push(h('span', { class: 'step-rel', title: s.relation.type }, ` ${arrow} `));
          chain.push(stepEntity(names.get(s.to.id)));
        });
        return h(
          'li',
          { class: i === selectedPath ? 'path is-current' : 'path' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'aria-pressed': i === selectedPath ? 'true' : 'false',
              onclick: () => {
                selectedPath = i;
                graph.highlightPath(currentPaths[i]);
                renderPaths(hops);
              },
            },
            t('path.result', { i: i + 1, n: p.length }),
          ),
          h('p', { class: 'chain' }, chain),
        );
      }),
    ),
  );
}

function stepEntity(e: EntityRef | undefined): Node {
  if (!e) return document.createTextNode('?');
  return h(
    'a',
    {
      href: hrefFor(e.id),
      class: `entity-link type-${e.type.toLowerCase()}`,
      onclick: (ev: Event) => {
        const m = ev as MouseEvent;
        if (m.ctrlKey || m.metaKey || m.shiftKey) return;
        ev.preventDefault();
        openEntity(e.id, 'link');
      },
    },
    nameOf(e),
  );
}

// ------------------------------------------------------------------------------------- language

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  button.addEventListener('click', () => update({ lang: button.dataset['lang'] as Lang }, 'replace', 'controls'));
}

// ------------------------------------------------------------------------------------ state sync

function sync(prev: AppState | undefined, next: AppState, origin: Origin): void {
  clearStatus();
  const langChanged = !prev || prev.lang !== next.lang;
  if (langChanged) {
    setLang(next.lang);
    applyStaticLabels();
    renderKinds();
    replace(
      byId('graph-legend'),
      graphLegend((type) => tData('type', type), t('graph.legendCentre'), t('graph.legendPath')),
    );
    for (const b of document.querySelectorAll<HTMLButtonElement>('[data-lang]'))
      b.setAttribute('aria-pressed', String(b.dataset['lang'] === next.lang));
    // The axis is formatted in the page language, the first time too (it read 2003年 in English).
    timeline.setLang();
    if (prev) {
      graph.setLang();
      map.setLang();
    }
  } else if (prev && String(prev.kinds) !== String(next.kinds)) {
    renderKinds();
  }

  const entityChanged = !prev || prev.entity !== next.entity;
  if (entityChanged || langChanged) void loadPanel(next.entity);
  if (entityChanged && origin !== 'graph') {
    if (next.entity) recentre();
    else replace(byId('graph-empty'), t('graph.empty'));
  }
  byId('graph-empty').hidden = Boolean(next.entity);

  // The window fields show the applied window only when it changes: text typed but not yet
  // applied survives every other control (Reading, kinds, involving, language, opening an entity).
  const windowChanged = !prev || prev.from !== next.from || prev.to !== next.to;
  if (windowChanged) {
    windowFrom.value = next.from ?? '';
    windowTo.value = next.to ?? '';
  }
  readingSelect.value = next.reading;
  involvingBox.checked = next.involving;
  updateInvolvingLabel();

  const queryChanged =
    windowChanged || langChanged || prev.reading !== next.reading || prev.involving !== next.involving || (next.involving && entityChanged);
  if (queryChanged) void loadTimelineData(origin !== 'timeline-user' && (windowChanged || !prev));
  else if (String(prev.kinds) !== String(next.kinds)) renderTimeline();
  else if (entityChanged) timeline.select(next.entity);

  const browseChanged = !prev || JSON.stringify(prev.browse) !== JSON.stringify(next.browse);
  if (browseChanged) void browseView.show(next.browse, next.lang);
  else if (langChanged) browseView.setLang(next.lang);

  const pathChanged = !prev || String(prev.path) !== String(next.path);
  if (pathChanged) void runPath(next.path);
  else if (langChanged && currentPaths.length > 0) renderPaths(Number(hopsSelect.value));
}

window.addEventListener('popstate', () => {
  const prev = state;
  state = readState(location.search, state.lang);
  sync(prev, state, 'url');
});

// The graph canvas needs a resize when its box changes (phone rotation, window resize).
const resizeGraph = debounce(() => graph.resize(), 200);
new ResizeObserver(() => resizeGraph()).observe(byId('graph'));

initCitationDialog();
writeState(state, 'replace');
sync(undefined, state, 'url');
loadPlaces()
  .then((places) => map.setPlaces(places))
  .catch(report);
if (!state.entity) searchBox.set(undefined);

// For the end-to-end tests: what the views hold, without reaching into the libraries.
(window as unknown as { annals: unknown }).annals = {
  state: () => ({ ...state }),
  graph: () => graph.snapshot(),
  nodePosition: (id: string) => graph.renderedPosition(id),
  timelineEvents: () => allEvents.map((e) => e.id),
  map: () => map.snapshot(),
  browse: () => browseView.snapshot(),
};
