/**
 * Sanitizer event log (sanitizer.md §9): one JSON line per message and per part, appended to a daily file with a hash
 * chain (each line carries the SHA-256 of the previous line) and flushed to disk before the relay accepts the mail.
 * If the log cannot be written the relay tempfails.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LogSink {
  write(records: object[]): Promise<void>;
}

export class MemoryLogSink implements LogSink {
  readonly records: object[] = [];
  async write(records: object[]): Promise<void> {
    this.records.push(...records);
  }
}

export class JsonlLogSink implements LogSink {
  private prev = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  write(records: object[]): Promise<void> {
    const run = this.queue.then(() => this.append(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(records: object[]) {
    await mkdir(this.dir, { recursive: true });
    const day = new Date().toISOString().slice(0, 10);
    const file = join(this.dir, `sanitizer-${day}.jsonl`);
    let prev = this.prev.get(file);
    if (prev === undefined) {
      const existing = await readFile(file, 'utf8').catch(() => '');
      const last = existing.trimEnd().split('\n').pop();
      prev = last ? createHash('sha256').update(last).digest('hex') : '0'.repeat(64);
    }
    let text = '';
    for (const r of records) {
      const line: string = JSON.stringify({ ...r, prev });
      prev = createHash('sha256').update(line).digest('hex');
      text += `${line}\n`;
    }
    const fh = await open(file, 'a');
    try {
      await fh.write(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    this.prev.set(file, prev);
  }
}

/** Verify a day's chain; returns the 1-based line number of the first broken link, or 0. */
export async function verifyLogChain(file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  let prev = '0'.repeat(64);
  for (let i = 0; i < lines.length; i++) {
    const rec = JSON.parse(lines[i]) as { prev: string };
    if (rec.prev !== prev) return i + 1;
    prev = createHash('sha256').update(lines[i]).digest('hex');
  }
  return 0;
}
