// `annals propose SOURCE.txt [--date EDTF] [--title T] [--out draft.yaml]`: a draft of cited
// proposals against the graph it can reach (NEO4J_URI, or a running embedded Neo4j; read only).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { PROPOSE_MAX_CHARS, proposeText, proposeFrom, type Proposed } from '../domain/propose.js';
import { reachGraph } from './reach-graph.js';

export interface ProposeArgs {
  files: string[];
  date?: string | undefined;
  title?: string | undefined;
  out?: string | undefined;
}

export interface ProposeIo {
  progress(line: string): void;
  result(human: string, data: unknown): void;
  usage(message: string): Error;
}

/** Exit codes as the command table's: 0 ok, 1 invalid input. */
export async function proposeCommand(args: ProposeArgs, io: ProposeIo): Promise<number> {
  if (args.files.length !== 1)
    throw io.usage('propose takes one source text file: annals propose SOURCE.txt [--date EDTF] [--out draft.yaml]');
  const file = args.files[0]!;
  if (!existsSync(file) || !statSync(file).isFile()) {
    io.result(`${file}: file not found`, { ok: false, error: `${file}: file not found` });
    return 1;
  }
  if (statSync(file).size > PROPOSE_MAX_CHARS * 4) {
    io.result(`${file}: over ${PROPOSE_MAX_CHARS} characters; split it`, { ok: false, error: 'too large' });
    return 1;
  }
  const text = readFileSync(file, 'utf8');
  const input = { text, fileName: file, title: args.title ?? null, date: args.date ?? null };
  const graph = await reachGraph(loadConfig());
  let proposed: Proposed;
  let against: string;
  if (graph.reached) {
    against = `matched against the graph at ${graph.uri} (read only)`;
    io.progress(`annals: ${against}`);
    try {
      proposed = await proposeText((q) => graph.executor.read(q), input);
    } finally {
      await graph.close();
    }
  } else {
    against = `no graph reachable (${graph.why}): no known entities matched, every name is proposed as new`;
    io.progress(`annals: ${against}`);
    proposed = proposeFrom(input, []);
  }
  const counts: Record<string, number> = {};
  for (const p of proposed.extraction.proposals) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  const tally = Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  if (args.out !== undefined) {
    writeFileSync(args.out, proposed.yaml);
    io.result(`annals: wrote ${args.out}: ${tally || 'nothing proposed'}; ${against}`, {
      ok: true,
      out: args.out,
      source: proposed.sourceId,
      proposals: counts,
      graph: graph.reached ? graph.uri : null,
    });
  } else {
    io.progress(`annals: ${tally || 'nothing proposed'}`);
    process.stdout.write(proposed.yaml);
  }
  return 0;
}
