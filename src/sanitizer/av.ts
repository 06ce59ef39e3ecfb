/**
 * ClamAV as an extra signal (sanitizer.md §2, §4): each original part is scanned before it is transformed. A hit
 * removes the part (original quarantined) with the signature name in the notice and the log. AV is never 無害化: a
 * clean scan changes nothing about how the part is converted. When the scanner is enabled and cannot answer (missing,
 * no signatures, crash, timeout) the part is removed too: fail closed.
 *
 * Two engines: `clamscan` (one process per part, reading the part on stdin; simple, but it loads the signature
 * database every time, so it suits small databases and tests) and `clamd` (the daemon's zINSTREAM protocol over a
 * Unix socket or host:port; what a town with the full official database should use).
 */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';

export type AvMode = 'off' | 'clamscan' | 'clamd';

export interface AvPolicy {
  mode: AvMode;
  /** wall clock per scan, ms */
  timeoutMs: number;
  /** clamscan --database: a signature file or directory; empty = clamscan's own default (/var/lib/clamav) */
  database: string;
  /** clamd: a Unix socket path, or host:port */
  clamdSocket: string;
}

export type AvResult =
  | { engine: 'clamscan' | 'clamd'; result: 'OK' }
  | { engine: 'clamscan' | 'clamd'; result: 'FOUND'; signature: string }
  | { engine: 'clamscan' | 'clamd'; result: 'ERROR'; error: string };

const MAX_OUT = 16_384;

/** Scan one buffer. Never throws: every failure is an ERROR result (the caller fails closed). */
export async function avScan(data: Uint8Array, p: AvPolicy): Promise<AvResult | null> {
  if (p.mode === 'off') return null;
  try {
    return p.mode === 'clamscan' ? await clamscan(data, p) : await clamd(data, p);
  } catch (err) {
    return { engine: p.mode, result: 'ERROR', error: (err as Error).message.slice(0, 300) };
  }
}

/** `clamscan -` exits 0 (clean), 1 (found: "stdin: Name FOUND"), 2 (error). */
function clamscan(data: Uint8Array, p: AvPolicy): Promise<AvResult> {
  const args = ['--no-summary', '--stdout', '--infected', '--scan-archive=yes', '--max-filesize=100M'];
  if (p.database) args.push(`--database=${p.database}`);
  args.push('-');
  return new Promise((resolve) => {
    const child = spawn(process.env.MAMORI_CLAMSCAN ?? 'clamscan', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin:/usr/local/bin', LANG: 'C' },
    });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, p.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < MAX_OUT) out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < MAX_OUT) err += d.toString('utf8');
    });
    child.stdin.on('error', () => undefined); // EPIPE when clamscan exits before reading everything
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ engine: 'clamscan', result: 'ERROR', error: `clamscan could not start: ${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ engine: 'clamscan', result: 'ERROR', error: `timeout after ${p.timeoutMs} ms` });
      if (code === 0) return resolve({ engine: 'clamscan', result: 'OK' });
      const found = /^stdin: (.+) FOUND$/m.exec(out);
      if (code === 1 && found) return resolve({ engine: 'clamscan', result: 'FOUND', signature: found[1].trim() });
      const why = (err.trim().split('\n').pop() ?? '').slice(0, 200) || out.trim().slice(0, 200);
      resolve({ engine: 'clamscan', result: 'ERROR', error: `clamscan exit ${code}: ${why}` });
    });
    child.stdin.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

/** clamd zINSTREAM: "zINSTREAM\0", then chunks (4-byte big-endian length + data), then a zero length. */
function clamd(data: Uint8Array, p: AvPolicy): Promise<AvResult> {
  return new Promise((resolve) => {
    const target = p.clamdSocket;
    const hostPort = /^([^/][^:]*):(\d+)$/.exec(target);
    let sock: Socket;
    let reply = '';
    let done = false;
    const finish = (r: AvResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ engine: 'clamd', result: 'ERROR', error: `timeout after ${p.timeoutMs} ms` }),
      p.timeoutMs,
    );
    sock = hostPort ? connect(Number(hostPort[2]), hostPort[1]) : connect(target);
    sock.on('error', (e) => finish({ engine: 'clamd', result: 'ERROR', error: `clamd: ${e.message}` }));
    sock.on('data', (d: Buffer) => {
      if (reply.length < MAX_OUT) reply += d.toString('utf8');
    });
    sock.on('close', () => {
      const line = reply.replace(/\0/g, '').trim();
      const found = /^stream: (.+) FOUND$/.exec(line);
      if (found) return finish({ engine: 'clamd', result: 'FOUND', signature: found[1].trim() });
      if (line === 'stream: OK') return finish({ engine: 'clamd', result: 'OK' });
      finish({ engine: 'clamd', result: 'ERROR', error: `clamd: ${line.slice(0, 200) || 'no answer'}` });
    });
    sock.on('connect', () => {
      sock.write('zINSTREAM\0');
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      for (let off = 0; off < buf.length; off += 65536) {
        const chunk = buf.subarray(off, off + 65536);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(chunk.length);
        sock.write(len);
        sock.write(chunk);
      }
      sock.write(Buffer.alloc(4));
    });
  });
}
