/**
 * A small pool of MIME-parse workers (sanitizer.md §3 stage 2, §12): `worker_threads` with `resourceLimits` and a
 * wall-clock timeout. A worker that times out, runs out of memory or crashes is terminated and replaced; the job fails
 * with ParseLimitError, which the pipeline turns into "quarantine message + notice".
 *
 * Simple mails do not need the worker: fastParse (fast-mime.ts) parses them in this thread, with the same result, and
 * declines everything else, which then goes to the worker as before (issue #6).
 */
import { Worker } from 'node:worker_threads';
import type { Limits } from '../policy.ts';
import { fastParse } from './fast-mime.ts';

export interface ParsedAddress {
  name: string;
  address: string;
}

export interface ParsedAttachment {
  filename: string | null;
  mimeType: string;
  disposition: string | null;
  related: boolean;
  contentId: string | null;
  content: ArrayBuffer;
}

export interface ParsedMessage {
  headers: { key: string; value: string }[];
  from: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  subject: string;
  messageId: string;
  inReplyTo: string;
  references: string;
  date: string;
  html: string | null;
  text: string | null;
  attachments: ParsedAttachment[];
}

export class ParseLimitError extends Error {
  override name = 'ParseLimitError';
  constructor(
    readonly limit: 'timeout' | 'memory' | 'parts' | 'parse' | 'crash',
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  id: number;
  raw: ArrayBuffer;
  limits: Limits;
  resolve: (m: ParsedMessage) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL('./parse-worker.mjs', import.meta.url);

export interface ParsePoolOptions {
  /** Parse simple mails in this thread (default true); false sends every message to the worker. */
  fastPath?: boolean;
}

export class ParsePool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private seq = 0;
  private closed = false;
  private readonly fastPath: boolean;

  constructor(
    private readonly size = 1,
    private readonly heapMb = 256,
    options: ParsePoolOptions = {},
  ) {
    this.fastPath = options.fastPath ?? true;
  }

  parse(raw: Uint8Array, limits: Limits): Promise<ParsedMessage> {
    if (this.closed) return Promise.reject(new Error('parse pool closed'));
    if (this.fastPath) {
      const parsed = tryFastParse(raw, limits);
      if (parsed) return Promise.resolve(parsed);
    }
    return this.parseInWorker(raw, limits);
  }

  /** Always the worker (postal-mime under resourceLimits and the timeout), never the in-thread fast path. */
  parseInWorker(raw: Uint8Array, limits: Limits): Promise<ParsedMessage> {
    if (this.closed) return Promise.reject(new Error('parse pool closed'));
    const copy = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.seq, raw: copy, limits, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('parse pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  private spawn(): Slot {
    const heap = Math.max(32, this.heapMb);
    const worker = new Worker(WORKER_URL, {
      resourceLimits: {
        maxOldGenerationSizeMb: heap,
        maxYoungGenerationSizeMb: Math.min(64, heap / 4),
        stackSizeMb: 4,
      },
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (msg: { id: number; ok?: boolean; limit?: string; error?: string } & ParsedMessage) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      this.finish(slot);
      if (msg.ok === false)
        job.reject(new ParseLimitError(msg.limit === 'parts' ? 'parts' : 'parse', msg.error ?? 'parse error'));
      else job.resolve(msg);
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const job = slot.job;
      this.replace(slot);
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      job?.reject(
        new ParseLimitError(
          memory ? 'memory' : 'crash',
          `parser ${memory ? 'out of memory' : 'crashed'}: ${err.message}`,
        ),
      );
      this.pump();
    });
    worker.on('exit', () => {
      if (this.slots.includes(slot) && !this.closed) {
        const job = slot.job;
        this.replace(slot);
        job?.reject(new ParseLimitError('crash', 'parser exited'));
        this.pump();
      }
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
  }

  private replace(slot: Slot) {
    this.finish(slot);
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      const current = slot;
      slot.timer = setTimeout(() => {
        this.replace(current);
        job.reject(new ParseLimitError('timeout', `parse exceeded ${job.limits.parseTimeoutMs} ms`));
        this.pump();
      }, job.limits.parseTimeoutMs);
      slot.worker.postMessage({ id: job.id, raw: job.raw, limits: job.limits }, [job.raw]);
    }
  }
}

/** fastParse, with any exception it might still throw treated as "not for the fast path". */
function tryFastParse(raw: Uint8Array, limits: Limits): ParsedMessage | null {
  try {
    return fastParse(raw, limits);
  } catch {
    return null;
  }
}

let shared: ParsePool | null = null;

/**
 * The process-wide pool (one worker per process by default; the relay can raise it). MAMORI_PARSE_FAST_PATH=0 sends
 * every message to the worker.
 */
export function sharedParsePool(heapMb = 256): ParsePool {
  if (!shared)
    shared = new ParsePool(Number(process.env.MAMORI_PARSE_WORKERS ?? 1) || 1, heapMb, {
      fastPath: process.env.MAMORI_PARSE_FAST_PATH !== '0',
    });
  return shared;
}
