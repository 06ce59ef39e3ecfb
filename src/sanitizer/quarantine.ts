/**
 * Quarantine of originals (sanitizer.md §8): content-addressed (`sha256:<hex>` of the plaintext), AES-256-GCM at rest
 * with the key outside the store, retention per class and a quota. A full store makes the relay tempfail new mail;
 * nothing is ever dropped or overwritten. The release workflow and its tables come later behind this interface.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type RetentionClass = 'original-message' | 'original-part' | 'ppap-hold';

export interface QuarantineMeta {
  ref: string;
  size: number;
  cls: RetentionClass;
  name: string | null;
  msgIds: string[];
  reason: string;
  createdAt: string;
  expiresAt: string;
}

export interface QuarantineStore {
  /**
   * Store bytes; returns `sha256:<hex>`. Throws QuarantineFullError / any I/O error (the caller tempfails). `sha256`:
   * the hex digest when the caller has just computed it (saves hashing the same bytes twice).
   */
  put(
    data: Uint8Array,
    meta: { cls: RetentionClass; name: string | null; msgId: string; reason: string; sha256?: string },
  ): Promise<string>;
  get(ref: string): Promise<Buffer>;
  meta(ref: string): Promise<QuarantineMeta | null>;
  /** Delete what has passed its retention; returns how many objects were removed. */
  purgeExpired(now?: Date): Promise<number>;
  usage(): Promise<{ bytes: number; count: number }>;
}

export class QuarantineFullError extends Error {
  override name = 'QuarantineFullError';
}

export const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Keeps originals in memory (library use and tests). */
export class MemoryQuarantineStore implements QuarantineStore {
  private objects = new Map<string, { data: Buffer; meta: QuarantineMeta }>();
  async put(
    data: Uint8Array,
    m: { cls: RetentionClass; name: string | null; msgId: string; reason: string; sha256?: string },
  ): Promise<string> {
    const ref = `sha256:${m.sha256 ?? sha256hex(data)}`;
    const existing = this.objects.get(ref);
    if (existing) {
      if (!existing.meta.msgIds.includes(m.msgId)) existing.meta.msgIds.push(m.msgId);
      return ref;
    }
    const now = new Date();
    this.objects.set(ref, {
      data: Buffer.from(data),
      meta: {
        ref,
        size: data.length,
        cls: m.cls,
        name: m.name,
        msgIds: [m.msgId],
        reason: m.reason,
        createdAt: now.toISOString(),
        expiresAt: now.toISOString(),
      },
    });
    return ref;
  }
  async get(ref: string): Promise<Buffer> {
    const o = this.objects.get(ref);
    if (!o) throw new Error(`not in quarantine: ${ref}`);
    return o.data;
  }
  async meta(ref: string): Promise<QuarantineMeta | null> {
    return this.objects.get(ref)?.meta ?? null;
  }
  async purgeExpired(): Promise<number> {
    return 0;
  }
  async usage(): Promise<{ bytes: number; count: number }> {
    let bytes = 0;
    for (const o of this.objects.values()) bytes += o.data.length;
    return { bytes, count: this.objects.size };
  }
}

export interface FsQuarantineOptions {
  dir: string;
  /** 32-byte key, kept outside `dir` */
  key: Buffer;
  quotaBytes: number;
  retentionDays: Record<RetentionClass, number>;
}

/** Filesystem store: objects/<aa>/<hex>.bin = iv(12) ‖ tag(16) ‖ AES-256-GCM(ciphertext); meta/<hex>.json. */
export class FsQuarantineStore implements QuarantineStore {
  private used: { bytes: number; count: number } | null = null;

  constructor(private readonly opt: FsQuarantineOptions) {
    if (opt.key.length !== 32) throw new Error('quarantine key must be 32 bytes (AES-256)');
  }

  private paths(hex: string) {
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('bad quarantine reference');
    return {
      obj: join(this.opt.dir, 'objects', hex.slice(0, 2), `${hex}.bin`),
      meta: join(this.opt.dir, 'meta', `${hex}.json`),
    };
  }

  async usage(): Promise<{ bytes: number; count: number }> {
    if (!this.used) {
      let bytes = 0;
      let count = 0;
      const dir = join(this.opt.dir, 'meta');
      await mkdir(dir, { recursive: true });
      for (const f of await readdir(dir)) {
        if (!f.endsWith('.json')) continue;
        const m = JSON.parse(await readFile(join(dir, f), 'utf8')) as QuarantineMeta;
        bytes += m.size;
        count++;
      }
      this.used = { bytes, count };
    }
    return { ...this.used };
  }

  async put(
    data: Uint8Array,
    m: { cls: RetentionClass; name: string | null; msgId: string; reason: string; sha256?: string },
  ): Promise<string> {
    const hex = m.sha256 ?? sha256hex(data);
    const ref = `sha256:${hex}`;
    const p = this.paths(hex);
    const existing = await this.meta(ref);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.opt.retentionDays[m.cls] * 86_400_000).toISOString();
    if (existing) {
      if (!existing.msgIds.includes(m.msgId)) existing.msgIds.push(m.msgId);
      if (existing.expiresAt < expiresAt) existing.expiresAt = expiresAt;
      await this.writeAtomic(p.meta, JSON.stringify(existing));
      return ref;
    }
    const used = await this.usage();
    if (used.bytes + data.length > this.opt.quotaBytes) throw new QuarantineFullError('quarantine quota exceeded');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.opt.key, iv);
    cipher.setAAD(Buffer.from(ref));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    await mkdir(join(this.opt.dir, 'objects', hex.slice(0, 2)), { recursive: true });
    await mkdir(join(this.opt.dir, 'meta'), { recursive: true });
    await this.writeAtomic(p.obj, Buffer.concat([iv, cipher.getAuthTag(), body]));
    const meta: QuarantineMeta = {
      ref,
      size: data.length,
      cls: m.cls,
      name: m.name,
      msgIds: [m.msgId],
      reason: m.reason,
      createdAt: now.toISOString(),
      expiresAt,
    };
    await this.writeAtomic(p.meta, JSON.stringify(meta));
    if (this.used) {
      this.used.bytes += data.length;
      this.used.count++;
    }
    return ref;
  }

  async get(ref: string): Promise<Buffer> {
    const hex = ref.replace(/^sha256:/, '');
    const blob = await readFile(this.paths(hex).obj);
    const decipher = createDecipheriv('aes-256-gcm', this.opt.key, blob.subarray(0, 12));
    decipher.setAAD(Buffer.from(`sha256:${hex}`));
    decipher.setAuthTag(blob.subarray(12, 28));
    const data = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
    if (sha256hex(data) !== hex) throw new Error('quarantine object does not match its address');
    return data;
  }

  async meta(ref: string): Promise<QuarantineMeta | null> {
    try {
      return JSON.parse(await readFile(this.paths(ref.replace(/^sha256:/, '')).meta, 'utf8')) as QuarantineMeta;
    } catch {
      return null;
    }
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const dir = join(this.opt.dir, 'meta');
    let removed = 0;
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      if (!f.endsWith('.json')) continue;
      const m = JSON.parse(await readFile(join(dir, f), 'utf8')) as QuarantineMeta;
      if (m.expiresAt > now.toISOString()) continue;
      const p = this.paths(f.slice(0, -5));
      await rm(p.obj, { force: true });
      await rm(p.meta, { force: true });
      removed++;
    }
    this.used = null;
    return removed;
  }

  private async writeAtomic(path: string, data: string | Buffer) {
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, path);
  }
}

/** Key from MAMORI_QUARANTINE_KEY (64 hex chars or base64 of 32 bytes) or from a key file outside the store. */
export async function loadQuarantineKey(env = process.env): Promise<Buffer> {
  const raw =
    env.MAMORI_QUARANTINE_KEY ??
    (env.MAMORI_QUARANTINE_KEY_FILE ? (await readFile(env.MAMORI_QUARANTINE_KEY_FILE, 'utf8')).trim() : '');
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new Error('MAMORI_QUARANTINE_KEY (or _FILE) must hold 32 bytes as 64 hex characters or base64');
  return key;
}

export async function storeExists(dir: string): Promise<boolean> {
  return stat(dir).then(
    () => true,
    () => false,
  );
}
