// The import worker: parses, validates and plans datasets off the main thread, so the server's
// event loop keeps answering /healthz and reads while a large import is checked. Each job keeps its
// parsed documents between "open" and "prepare" (the graph lookups happen in between, in the main
// thread, inside the import's transaction) until "close".
import { parentPort, threadId } from 'node:worker_threads';
import type { ParsedDocument } from '../dataset/load.js';
import { graphFacts, graphNeeds, openDatasets, prepareDataset } from '../dataset/prepare.js';
import type { WorkerReply, WorkerRequest } from './import-protocol.js';

const jobs = new Map<number, ParsedDocument[]>();
let nextJob = 1;

function handle(request: WorkerRequest): unknown {
  switch (request.op) {
    case 'open': {
      const { docs, issues } = openDatasets(request.texts);
      const job = nextJob++;
      jobs.set(job, docs);
      return { job, issues, needs: graphNeeds(docs) };
    }
    case 'prepare': {
      const docs = jobs.get(request.job);
      if (docs === undefined) throw new Error(`no open import job ${request.job}`);
      const { prepared, issues } = prepareDataset(docs, graphFacts(request.facts), undefined, undefined, request.facts.stored);
      return { prepared, issues };
    }
    case 'close':
      jobs.delete(request.job);
      return null;
  }
}

const port = parentPort;
port?.on('message', (request: WorkerRequest) => {
  try {
    port.postMessage({ id: request.id, threadId, ok: true, value: handle(request) } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({
      id: request.id,
      threadId,
      ok: false,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    } satisfies WorkerReply);
  }
});
