/** TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html): one slide per dated event. */
import { formatDateLabel } from '../../model/dates.js';
import { kindLabel } from '../../model/vocabulary.js';
import type { ExportEnd } from '../../queries/export.js';
import type { GraphSlice } from '../slice.js';
import { datedEvents, description, escapeHtml, headlineName, shortName, type DatePoint, type Lang } from './common.js';

export interface TimelineDate {
  year: number;
  month?: number;
  day?: number;
}

interface TimelineText {
  headline: string;
  text: string;
}

export interface TimelineEvent {
  unique_id: string;
  start_date: TimelineDate;
  end_date?: TimelineDate;
  text: TimelineText;
  group?: string;
  display_date: string;
}

export interface TimelineEra {
  start_date: TimelineDate;
  end_date: TimelineDate;
  text: { headline: string };
}

export interface TimelineJsDocument {
  title: { text: TimelineText };
  events: TimelineEvent[];
  eras: TimelineEra[];
}

const DAY_MS = 86_400_000;
const WORDS = {
  zh: {
    title: '组织史大事记',
    events: (n: number) => `${n} 个事件`,
    place: '地点',
    within: (label: string) => `日期：${label}，具体时间不详（不是持续的期间，时间线上置于最早可能的日期）`,
    organizer: '主办',
    participants: '参与',
    sep: '、',
    colon: '：',
  },
  en: {
    title: 'Organizational history',
    events: (n: number) => `${n} events`,
    place: 'Place',
    within: (label: string) => `Date: ${label}, exact date unknown (not a span; placed at the earliest possible date)`,
    organizer: 'Organized by',
    participants: 'Participants',
    sep: ', ',
    colon: ': ',
  },
} as const;

// TimelineJS reads month/day as "unknown" when absent, so a year-precision date must not carry month 1.
function timelineDate(p: DatePoint): TimelineDate {
  const d: TimelineDate = { year: p.year };
  if (p.month !== null && p.precision !== 'YEAR') d.month = p.month;
  if (p.day !== null && p.precision === 'DAY') d.day = p.day;
  return d;
}

/** Names of the places, organizers and participants the slice links to each event. */
function eventLinks(slice: GraphSlice): Map<string, Record<'place' | 'organizer' | 'participants', ExportEnd[]>> {
  const links = new Map<string, Record<'place' | 'organizer' | 'participants', ExportEnd[]>>();
  const of = (id: string) => {
    const l = links.get(id) ?? { place: [], organizer: [], participants: [] };
    links.set(id, l);
    return l;
  };
  for (const r of slice.relations) {
    if (r.type === 'TOOK_PLACE_IN') of(r.from.id).place.push(r.to);
    else if (r.type === 'ORGANIZED') of(r.to.id).organizer.push(r.from);
    else if (r.type === 'PARTICIPATED_IN') of(r.to.id).participants.push(r.from);
  }
  return links;
}

export function renderTimelineJs(slice: GraphSlice, lang: Lang): TimelineJsDocument {
  const w = WORDS[lang];
  const links = eventLinks(slice);
  const events: TimelineEvent[] = [];
  const eras = new Map<string, TimelineEra>();
  for (const { event, dates } of datedEvents(slice)) {
    // An interval with an unknown start is still placed: at its end, with the label saying so.
    const start = dates.start ?? dates.end;
    if (start === null) continue;
    const label = formatDateLabel(dates.parsed, lang);
    const paragraphs = [description(event, lang) ?? ''];
    // "At some time within" has no end date (TimelineJS would draw a span): the text says what is known.
    if (dates.parsed.shape === 'ONE_OF_RANGE') paragraphs.push(w.within(label));
    const l = links.get(event.id);
    for (const k of ['place', 'organizer', 'participants'] as const) {
      const names = (l?.[k] ?? []).map((e) => shortName(e, lang));
      if (names.length > 0) paragraphs.push(`${w[k]}${w.colon}${names.join(w.sep)}`);
    }
    const item: TimelineEvent = {
      unique_id: event.id,
      start_date: timelineDate(start),
      text: {
        headline: escapeHtml(headlineName(event, lang)),
        text: paragraphs
          .filter((p) => p !== '')
          .map((p) => `<p>${escapeHtml(p)}</p>`)
          .join(''),
      },
      display_date: escapeHtml(label),
    };
    if (dates.start !== null && dates.end !== null) {
      item.end_date = timelineDate(dates.end);
      // Spans longer than a year (a committee's term) read better as eras behind the slides.
      const days = (Date.parse(dates.end.latest) - Date.parse(dates.start.earliest)) / DAY_MS;
      const key = `${JSON.stringify(item.start_date)}/${JSON.stringify(item.end_date)}`;
      if (days > 365 && !eras.has(key)) {
        eras.set(key, { start_date: item.start_date, end_date: item.end_date, text: { headline: escapeHtml(label) } });
      }
    }
    // Slides are grouped by kind, under its label in the reader's language (会议, Meeting).
    if (event.kind != null) item.group = kindLabel(event.kind, lang);
    events.push(item);
  }
  return {
    title: { text: { headline: w.title, text: `<p>${escapeHtml(`${w.events(events.length)} · ${slice.generatedAt.slice(0, 10)}`)}</p>` } },
    events,
    eras: [...eras.values()],
  };
}
