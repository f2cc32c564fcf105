// Messages between the main thread and the import worker (plain data: structured clone).
import type { DatasetText, GraphFactsData } from '../dataset/prepare.js';

export type WorkerRequest =
  | { id: number; op: 'open'; texts: DatasetText[] }
  | { id: number; op: 'prepare'; job: number; facts: GraphFactsData }
  | { id: number; op: 'close'; job: number };

export type WorkerReply =
  { id: number; threadId: number; ok: true; value: unknown } | { id: number; threadId: number; ok: false; error: string };
