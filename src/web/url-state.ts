// What the page shows lives in the URL, so any view can be shared or bookmarked:
// ?entity=person-luo-fuhe&from=2006-07&to=2006-07&kinds=MEETING,CAMPAIGN&reading=CERTAINLY&involving=1&path=a,b
//  &btype=EVENT&bkind=MEETING&bdecade=2000&lang=en

import { EVENT_KINDS, type EntityType, type EventKind, type Reading } from './api.js';
import { isEdtfDay } from './dates.js';
import { isLang, type Lang } from './i18n.js';

export interface AppState {
  entity?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  reading: Reading;
  /** Event kinds shown; undefined means all. */
  kinds?: EventKind[] | undefined;
  /** Timeline restricted to events involving the selected entity. */
  involving: boolean;
  /** The two ends of a connection search. */
  path?: [string, string] | undefined;
  lang: Lang;
  /** The browse list's facets: type, kind, decade (its first year). */
  browse: { type?: EntityType | undefined; kind?: string | undefined; decade?: string | undefined };
}

const BROWSE_TYPES: readonly string[] = ['PERSON', 'ORGANIZATION', 'EVENT', 'INITIATIVE', 'PLACE', 'SOURCE'];
const KIND = /^[A-Z_]{1,40}$/;
const DECADE = /^\d{3}0$/;

const ID = /^[\p{L}\p{N}_.:-]{1,200}$/u;

export function readState(search: string, fallbackLang: Lang): AppState {
  const q = new URLSearchParams(search);
  const entity = q.get('entity') ?? undefined;
  const from = q.get('from') ?? undefined;
  const to = q.get('to') ?? undefined;
  const kinds = q
    .get('kinds')
    ?.split(',')
    .filter((k): k is EventKind => (EVENT_KINDS as readonly string[]).includes(k));
  const path = q.get('path')?.split(',');
  const lang = q.get('lang');
  return {
    entity: entity !== undefined && ID.test(entity) ? entity : undefined,
    from: from !== undefined && isEdtfDay(from) ? from : undefined,
    to: to !== undefined && isEdtfDay(to) ? to : undefined,
    reading: q.get('reading') === 'CERTAINLY' ? 'CERTAINLY' : 'POSSIBLY',
    kinds: kinds === undefined || kinds.length === EVENT_KINDS.length ? undefined : kinds,
    involving: q.get('involving') === '1',
    path: path?.length === 2 && path.every((p) => ID.test(p)) ? [path[0]!, path[1]!] : undefined,
    lang: isLang(lang) ? lang : fallbackLang,
    browse: {
      type: BROWSE_TYPES.includes(q.get('btype') ?? '') ? (q.get('btype') as EntityType) : undefined,
      kind: KIND.test(q.get('bkind') ?? '') ? (q.get('bkind') ?? undefined) : undefined,
      decade: DECADE.test(q.get('bdecade') ?? '') ? (q.get('bdecade') ?? undefined) : undefined,
    },
  };
}

export function toSearch(s: AppState): string {
  const q = new URLSearchParams();
  if (s.entity) q.set('entity', s.entity);
  if (s.from) q.set('from', s.from);
  if (s.to) q.set('to', s.to);
  if (s.reading !== 'POSSIBLY') q.set('reading', s.reading);
  if (s.kinds) q.set('kinds', s.kinds.join(','));
  if (s.involving) q.set('involving', '1');
  if (s.path) q.set('path', s.path.join(','));
  if (s.browse.type) q.set('btype', s.browse.type);
  if (s.browse.kind) q.set('bkind', s.browse.kind);
  if (s.browse.decade) q.set('bdecade', s.browse.decade);
  q.set('lang', s.lang);
  const text = q.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** Writes the state to the address bar: push for a new place to go back from, replace for a refinement. */
export function writeState(s: AppState, mode: 'push' | 'replace'): void {
  const search = toSearch(s);
  if (search === location.search) return;
  const url = `${location.pathname}${search}${location.hash}`;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
