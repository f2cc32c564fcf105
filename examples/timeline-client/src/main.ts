// npx tsx examples/timeline-client/src/main.ts [from] [to] [--reading=CERTAINLY] [--page-size=N] [--html]
// prints the timeline of a running Annals (ANNALS_URL, default http://127.0.0.1:4000/graphql), as
// text or HTML; ANNALS_TOKEN, when set, is sent as a bearer token.
import { fetchTimeline, renderHtml, renderText } from './timeline.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [from, to] = args.filter((a) => !a.startsWith('--'));
const reading = option('reading');
if (reading !== undefined && reading !== 'POSSIBLY' && reading !== 'CERTAINLY') {
  console.error('--reading is POSSIBLY or CERTAINLY');
  process.exit(2);
}
const token = process.env['ANNALS_TOKEN'];
const { totalCount, events } = await fetchTimeline({
  endpoint: process.env['ANNALS_URL'] ?? 'http://127.0.0.1:4000/graphql',
  from,
  to,
  reading,
  pageSize: Number(option('page-size') ?? 50),
  headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
});
console.log(args.includes('--html') ? renderHtml(events) : `${totalCount} events\n${renderText(events)}`);
