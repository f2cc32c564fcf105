// `npm run bench:propose`: precision and recall of `annals propose` on the seed article, against
// what the curators wrote in seed/data. The dictionary is the seed's people and organizations only
// (the records readLexicon would read from a graph holding just them; no places, events or
// initiatives, so those have to be found, not looked up). Writes bench/results/propose.json.
//
// Matching rules (a proposal counts once, against at most one seed fact):
// - positions: a proposed HELD_POSITION with the same person, organization and title as a seed one.
// - events: a proposed Event with the same EDTF date as a seed event, whose quote overlaps (as a
//   span of the source text) one of that seed event's citations.
// - participations: a proposed PARTICIPATED_IN with the same participant as a seed one, to the
//   event matched to the seed one's event (the role is compared separately: roleExact).
// - dates: the distinct EDTF values of the date expressions found in the text, against the
//   distinct dates the seed gives events and positions (date, attestedAt, period).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { extract, type KnownEntity, type Proposal } from '../src/dataset/propose/extract.js';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_FILE = 'seed/sources/000_2e2e90b6197d93dd.txt';
const SOURCE_ID = 'src-mj-gd-2006-qingyuan';

type Entry = Record<string, unknown> & { citations?: { source: string; quote: string }[] };
interface Dataset {
  entities?: Entry[];
  relationships?: Entry[];
}

const text = readFileSync(join(ROOT, SOURCE_FILE), 'utf8');
const seed = ['000_mj_guangdong_2006.yaml', '001_curator_note.yaml'].map(
  (f) => parse(readFileSync(join(ROOT, 'seed/data', f), 'utf8')) as Dataset,
);
const entities = seed.flatMap((d) => d.entities ?? []);
const relationships = seed.flatMap((d) => d.relationships ?? []);

const known: KnownEntity[] = entities
  .filter((e) => e['type'] === 'Person' || e['type'] === 'Organization')
  .map((e) => ({
    id: e['id'] as string,
    type: e['type'] as 'Person' | 'Organization',
    kind: (e['kind'] as string | undefined) ?? null,
    name: e['name'] as string,
    names: ((e['names'] as { value: string; lang: string; kind: string }[] | undefined) ?? []).map((n) => ({
      value: n.value,
      lang: n.lang,
      kind: n.kind,
    })),
  }));

const started = performance.now();
const x = extract(text, { sourceId: SOURCE_ID, known });
const ms = performance.now() - started;
const of = (kind: Proposal['kind']) => x.proposals.filter((p) => p.kind === kind).map((p) => p.entry);

/** Spans of a seed entry's citations of the article. */
const spans = (e: Entry) =>
  (e.citations ?? [])
    .filter((c) => c.source === SOURCE_ID)
    .map((c) => ({ start: text.indexOf(c.quote), end: text.indexOf(c.quote) + c.quote.length }))
    .filter((s) => s.start >= 0);
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function score(proposed: number, correct: number, gold: number) {
  const precision = proposed === 0 ? null : correct / proposed;
  const recall = gold === 0 ? null : correct / gold;
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
  const r = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return { proposed, gold, correct, precision: r(precision), recall: r(recall), f1: r(f1) };
}

// Events
const seedEvents = entities.filter((e) => e['type'] === 'Event' && (e.citations ?? []).some((c) => c.source === SOURCE_ID));
const proposedEvents = x.proposals.filter((p) => p.kind === 'event');
const eventMatch = new Map<string, string>(); // proposed id → seed id
for (const p of proposedEvents) {
  const hit = seedEvents.find(
    (s) =>
      !([...eventMatch.values()] as string[]).includes(s['id'] as string) &&
      s['date'] === p.entry['date'] &&
      spans(s).some((sp) => overlaps(sp, p)),
  );
  if (hit) eventMatch.set(p.entry['id'] as string, hit['id'] as string);
}

// Positions
const seedPositions = relationships.filter((r) => r['type'] === 'HELD_POSITION');
const proposedPositions = of('position');
const positionHits = proposedPositions.filter((p) =>
  seedPositions.some((s) => s['from'] === p['from'] && s['to'] === p['to'] && s['title'] === p['title']),
);

// Participations
const seedParticipations = relationships.filter((r) => r['type'] === 'PARTICIPATED_IN');
const proposedParticipations = of('participation');
const participationHits = proposedParticipations
  .map((p) => ({ p, s: seedParticipations.find((s) => s['from'] === p['from'] && s['to'] === eventMatch.get(p['to'] as string)) }))
  .filter((h) => h.s !== undefined);

// Dates
const goldDates = new Set<string>();
for (const e of seedEvents) if (typeof e['date'] === 'string') goldDates.add(e['date']);
for (const r of relationships)
  for (const k of ['attestedAt', 'period']) if (typeof r[k] === 'string' && spans(r).length > 0) goldDates.add(r[k] as string);
const foundDates = new Set(x.dates.map((d) => d.edtf));
const dateHits = [...foundDates].filter((d) => goldDates.has(d));

const results = {
  what: 'annals propose on the seed article, against a dictionary of the seed people and organizations only',
  source: SOURCE_FILE,
  command: 'npm run bench:propose',
  at: new Date().toISOString(),
  extractionMs: Math.round(ms),
  rules: {
    positions: 'same person, organization and title as a seed HELD_POSITION',
    events: "same EDTF date as a seed event and a quote overlapping one of that event's citations",
    participations:
      "same participant as a seed PARTICIPATED_IN, to the event matched to the seed one's event (role compared apart: roleExact)",
    dates:
      'distinct EDTF values of the date expressions found, against the distinct dates the seed gives events and positions (date, attestedAt, period)',
  },
  positions: score(proposedPositions.length, positionHits.length, seedPositions.length),
  participations: {
    ...score(proposedParticipations.length, participationHits.length, seedParticipations.length),
    roleExact: participationHits.filter((h) => h.s!['role'] === h.p['role']).length,
  },
  events: score(proposedEvents.length, eventMatch.size, seedEvents.length),
  dates: score(foundDates.size, dateHits.length, goldDates.size),
  detail: {
    eventsMatched: Object.fromEntries(eventMatch),
    eventsMissed: seedEvents.map((e) => e['id']).filter((id) => ![...eventMatch.values()].includes(id as string)),
    eventsExtra: proposedEvents
      .filter((p) => !eventMatch.has(p.entry['id'] as string))
      .map((p) => `${p.entry['name'] as string} ${p.entry['date'] as string}`),
    positionsExtra: proposedPositions
      .filter((p) => !positionHits.includes(p))
      .map((p) => `${p['from'] as string} ${p['title'] as string} ${p['to'] as string}`),
    participationsMissed: seedParticipations
      .filter((s) => !participationHits.some((h) => h.s === s))
      .map((s) => `${s['from'] as string} → ${s['to'] as string} (${s['role'] as string})`),
    datesMissed: [...goldDates].filter((d) => !foundDates.has(d)),
    datesExtra: [...foundDates].filter((d) => !goldDates.has(d)),
    newPeople: of('new-person').map((e) => e['name']),
    proposalsByKind: Object.fromEntries(
      [...new Set(x.proposals.map((p) => p.kind))].map((k) => [k, x.proposals.filter((p) => p.kind === k).length]),
    ),
  },
};

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/propose.json'), `${JSON.stringify(results, null, 2)}\n`);
const line = (k: 'positions' | 'participations' | 'events' | 'dates') =>
  `${k.padEnd(15)} precision ${results[k].precision} recall ${results[k].recall} (${results[k].correct} of ${results[k].proposed} proposed, ${results[k].gold} in the seed)`;
process.stdout.write(
  `${['positions', 'participations', 'events', 'dates'].map((k) => line(k as 'dates')).join('\n')}\nwrote bench/results/propose.json\n`,
);
