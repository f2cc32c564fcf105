/** vis-timeline DataSets (https://visjs.github.io/vis-timeline/docs/timeline/): items and groups. */
import { formatDateLabel } from '../../model/dates.js';
import { kindLabel } from '../../model/vocabulary.js';
import type { GraphSlice } from '../slice.js';
import { datedEvents, description, escapeHtml, headlineName, type Lang } from './common.js';

export interface VisItem {
  id: string;
  content: string;
  start: string;
  end?: string;
  type: 'point' | 'range';
  group: string;
  title: string;
}

export interface VisTimelineDocument {
  items: VisItem[];
  groups: { id: string; content: string }[];
}

/** Events with no kind still need a group: vis-timeline drops ungrouped items once groups are set. */
const NO_KIND = 'EVENT';
const NO_KIND_LABEL = { zh: '事件', en: 'Event' } as const;

// vis-timeline renders content and title strings as HTML, so text is escaped.
export function renderVisTimeline(slice: GraphSlice, lang: Lang): VisTimelineDocument {
  const items: VisItem[] = [];
  for (const { event, dates } of datedEvents(slice)) {
    const start = dates.start ?? dates.end;
    if (start === null) continue;
    const label = formatDateLabel(dates.parsed, lang);
    const desc = description(event, lang);
    const item: VisItem = {
      id: event.id,
      content: escapeHtml(headlineName(event, lang)),
      start: start.earliest,
      type: 'point',
      group: event.kind ?? NO_KIND,
      title: escapeHtml(desc === null ? label : `${label} — ${desc}`),
    };
    if (dates.start !== null && dates.end !== null) Object.assign(item, { type: 'range', end: dates.end.latest });
    items.push(item);
  }
  // Group ids stay the kinds (stable for clients); their content is the kind's label in the reader's language.
  const groups = [...new Set(items.map((i) => i.group))]
    .sort()
    .map((id) => ({ id, content: escapeHtml(id === NO_KIND ? NO_KIND_LABEL[lang] : kindLabel(id, lang)) }));
  return { items, groups };
}
