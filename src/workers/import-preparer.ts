import type { Worker } from 'node:worker_threads';
import type { DatasetIssue } from '../dataset/issues.js';
import type { DatasetText, GraphFactsData, GraphNeeds, PreparedImport } from '../dataset/prepare.js';
import type { WorkerReply, WorkerRequest } from './import-protocol.js';
import { startModuleWorker } from './start.js';

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** What the import worker has done in this process: lets tests see that validation ran there. */
export const importWorkerStats = { requests: 0, prepared: 0, threadId: null as number | null };

/**
 * The main thread's side of the import worker: one thread per process, started on first use. Requests are answered in order; if the thread dies, every
 * pending request fails and the next one starts a new thread.
 */
class ImportPreparer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  private thread(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = startModuleWorker(new URL(`./import-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      importWorkerStats.threadId = reply.threadId;
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(`the import worker failed: ${reply.error}`));
    });
    const fail = (err: Error): void => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private call<T>(request: Request): Promise<T> {
    const id = this.nextId++;
    importWorkerStats.requests += 1;
    return new Promise<T>((resolve, reject) => {
      const worker = this.thread();
      // Referenced only while it owes an answer, so an idle worker never keeps a process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  /** Parses the texts; says what to look up in the graph. Close the job when done with it. */
  open(texts: DatasetText[]): Promise<{ job: number; issues: DatasetIssue[]; needs: GraphNeeds }> {
    return this.call({ op: 'open', texts });
  }

  /** Validates against the looked-up facts, plans, and builds the statements (or lists the issues). */
  async prepare(job: number, facts: GraphFactsData): Promise<{ prepared?: PreparedImport; issues: DatasetIssue[] }> {
    const out = await this.call<{ prepared?: PreparedImport; issues: DatasetIssue[] }>({ op: 'prepare', job, facts });
    importWorkerStats.prepared += 1;
    return out;
  }

  async close(job: number): Promise<void> {
    await this.call({ op: 'close', job });
  }
}

let preparer: ImportPreparer | undefined;

/** The process's import worker. */
export function importPreparer(): ImportPreparer {
  preparer ??= new ImportPreparer();
  return preparer;
}
