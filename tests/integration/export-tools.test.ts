// The exports of the seeded graph, read by the tools historians use: networkx for GraphML and GEXF,
// the real TimelineJS client in headless Chromium for the timeline. Missing tools fail, never skip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExport } from '../../src/export/formats.js';
import type { TimelineJsDocument } from '../../src/export/formats/timelinejs.js';
import { loadSlice, type GraphSlice } from '../../src/export/slice.js';
import { connectApi } from '../helpers/api.js';

const PYTHON = '/usr/bin/python3'; // Debian's, where python3-networkx installs; a pyenv python3 on PATH lacks it
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../test-results/timelinejs.png', import.meta.url));
const SYMPOSIUM = 'event-2006-qingyuan-symposium';

const { executor } = connectApi();
let slice: GraphSlice;
let dir: string;

beforeAll(async () => {
  slice = await loadSlice(executor, {});
  dir = mkdtempSync(join(tmpdir(), 'annals-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function requireDebianPackage(pkg: string, present: () => boolean): void {
  if (!present()) throw new Error(`${pkg} is missing: install it with \`apt-get install -y ${pkg}\` (Debian package ${pkg})`);
}

interface ReadGraph {
  directed: boolean;
  mode?: string;
  nodes: Record<string, Record<string, string>>;
  edges: Record<string, string>[];
}

// networkx < 3 knows GEXF 1.1draft and 1.2draft only; registering 1.3's namespaces (as networkx 3
// does) lets its own reader parse the file unchanged.
const READ_GRAPHS = `
import json, sys
import networkx as nx
from networkx.readwrite.gexf import GEXF
GEXF.versions.setdefault("1.3", {"NS_GEXF": "http://gexf.net/1.3", "NS_VIZ": "http://gexf.net/1.3/viz",
  "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
  "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "VERSION": "1.3"})
def dump(G):
  edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
  return {"directed": G.is_directed(), "mode": G.graph.get("mode"),
          "nodes": {n: {k: str(v) for k, v in d.items()} for n, d in G.nodes(data=True)},
          "edges": [dict({k: str(x) for k, x in d.items()}, id=str(d.get("id", k)), source=u, target=v) for u, v, k, d in edges]}
print(json.dumps({"graphml": dump(nx.read_graphml(sys.argv[1])), "gexf": dump(nx.read_gexf(sys.argv[2], version="1.3"))}))
`;

describe('GraphML and GEXF in networkx', () => {
  it('read back with every node, edge, Chinese label, date and citation', () => {
    requireDebianPackage('python3-networkx', () => {
      try {
        execFileSync(PYTHON, ['-c', 'import networkx'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    const graphml = join(dir, 'annals.graphml');
    const gexf = join(dir, 'annals.gexf');
    writeFileSync(graphml, renderExport('graphml', slice, { lang: 'zh' }).body);
    writeFileSync(gexf, renderExport('gexf', slice, { lang: 'zh' }).body);
    const out = execFileSync(PYTHON, ['-c', READ_GRAPHS, graphml, gexf], { encoding: 'utf8' });
    const read = JSON.parse(out) as { graphml: ReadGraph; gexf: ReadGraph };

    const symposium = slice.entities.find((e) => e.id === SYMPOSIUM);
    const huXian = slice.relations.find((r) => r.type === 'HELD_POSITION' && r.from.id === 'person-hu-xian');
    expect(symposium?.name).toBe('民进广东省委机关建设工作座谈会');
    expect(huXian).toBeDefined();
    // The whole seed (sources are not exported): 42 entities, 73 curated relationships.
    expect(slice.entities.length).toBeGreaterThanOrEqual(42);
    expect(slice.relations.length).toBeGreaterThanOrEqual(73);

    for (const g of [read.graphml, read.gexf]) {
      expect(g.directed).toBe(true);
      expect(Object.keys(g.nodes).sort()).toEqual(slice.entities.map((e) => e.id).sort());
      expect(g.edges.map((e) => e.id).sort()).toEqual(slice.relations.map((r) => r.id).sort());
      for (const e of slice.entities) expect(g.nodes[e.id]?.['label']).toBe(e.name);
      const edge = g.edges.find((e) => e.id === huXian?.id);
      expect(edge).toMatchObject({ source: 'person-hu-xian', target: 'org-capd-guangdong', label: '副秘书长' });
      expect(edge?.['citations']).toContain('胡献副秘书长作了机关建设工作总结');
      expect(g.nodes[SYMPOSIUM]).toMatchObject({ start: '2006-07-07', end: '2006-07-08', kind: 'MEETING' });
    }
    expect(read.graphml.nodes[SYMPOSIUM]?.['type']).toBe('EVENT');
    expect(read.graphml.edges.find((e) => e.id === huXian?.id)).toMatchObject({
      type: 'HELD_POSITION',
      start: '2006-07-07',
      end: '2006-07-08',
    });
    expect(read.gexf.mode).toBe('dynamic');
    expect(read.gexf.edges.find((e) => e.id === huXian?.id)).toMatchObject({
      relationship: 'HELD_POSITION',
      start: '2006-07-07',
      end: '2006-07-08',
    });
  });
});

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** Serves the page at / and TimelineJS's dist/ under /dist/, nothing else. */
function serve(page: string, distDir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = path.startsWith('/dist/') ? resolve(distDir, `.${path.slice('/dist'.length)}`) : null;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else if (file !== null && file.startsWith(distDir + sep) && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function timelinePage(data: string): string {
  // `<` escaped so no string in the data can close the script element.
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>Annals in TimelineJS</title>
<link rel="stylesheet" href="/dist/css/timeline.css"><script src="/dist/js/timeline.js"></script>
<style>body { margin: 0 } #timeline-embed { width: 1280px; height: 720px }</style></head>
<body><div id="timeline-embed"></div><script>
window.timelineReady = false;
// script_path: TimelineJS loads its font CSS and locale from there (by default from its CDN); the
// default font CSS pulls web fonts from Google, georgia-helvetica uses local fonts only.
window.timeline = new TL.Timeline('timeline-embed', ${data.replace(/</g, '\\u003c')},
  { script_path: location.origin + '/dist/js/', language: 'zh-cn', font: 'georgia-helvetica' });
window.timeline.on('ready', () => { window.timelineReady = true; });
</script></body></html>`;
}

interface TimelineWindow {
  timelineReady: boolean;
  timeline: { config: { getErrors(): unknown[] }; goToId(id: string): void };
}

describe('TimelineJS export in the real TimelineJS client', () => {
  it('renders a slide per event in headless Chromium without errors', { timeout: 120_000 }, async () => {
    requireDebianPackage('chromium', () => existsSync(CHROMIUM));
    const { body } = renderExport('timelinejs', slice, { lang: 'zh' });
    const { events, eras } = JSON.parse(body) as TimelineJsDocument;
    expect(events.length).toBe(slice.entities.filter((e) => e.type === 'EVENT').length);
    // The events the article places "within the term" ([2002-06..2006-07]) are not four-year spans.
    expect(eras).toEqual([]);
    const within = events.find((e) => e.unique_id === 'event-term-post-reshuffles');
    expect(within?.end_date).toBeUndefined();
    expect(within?.display_date).toBe('2002年6月至2006年7月间某时');
    const dist = join(dirname(createRequire(import.meta.url).resolve('@knight-lab/timelinejs/package.json')), 'dist');
    const server = await serve(timelinePage(body), dist);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const problems: string[] = [];
      page.on('console', (m) => (m.type() === 'error' ? problems.push(`console: ${m.text()}`) : undefined));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      page.on('response', (r) => (r.status() >= 400 ? problems.push(`HTTP ${r.status()}: ${r.url()}`) : undefined));
      // Everything the page needs is served here: a request elsewhere is a failure, not a download.
      await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));

      await page.goto(origin);
      await page.waitForFunction(() => (globalThis as unknown as TimelineWindow).timelineReady, undefined, { timeout: 30_000 });
      const errors = await page.evaluate(() => (globalThis as unknown as TimelineWindow).timeline.config.getErrors().map(String));
      expect(errors).toEqual([]);
      expect(await page.locator('.tl-slide').count()).toBeGreaterThanOrEqual(events.length);
      expect(await page.locator('.tl-timemarker').count()).toBe(events.length);
      expect(await page.locator('.tl-timeera').count()).toBe(eras.length);
      const headlines = await page.locator('.tl-headline').allTextContents();
      expect(headlines.some((h) => h.includes('清远') || h.includes('座谈会'))).toBe(true);

      await page.evaluate((id) => (globalThis as unknown as TimelineWindow).timeline.goToId(id), SYMPOSIUM);
      await page.waitForTimeout(1500); // the slide and time navigator animate to it
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    }
  });
});
