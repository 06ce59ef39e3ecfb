/**
 * PPAP release (sanitizer.md §6): the recipient types the password on an Internet-side page; the held original is
 * taken from quarantine and processed again as a new version, with the password used only in memory. Wrong
 * passwords are rate-limited per held message. The web form and its tables come later; this is the interface.
 */
import type { SanitizeOptions } from './pipeline.ts';
import type { Policy } from './policy.ts';
import type { QuarantineStore } from './quarantine.ts';
import type { SanitizeResult } from './types.ts';

export interface AttemptLimiter {
  /** false when the caller must wait before trying again */
  allow(ref: string, now?: number): boolean;
  failed(ref: string, now?: number): void;
  succeeded(ref: string): void;
}

/** In-memory limiter: at most `max` failures per `windowMs` per held message. */
export class MemoryAttemptLimiter implements AttemptLimiter {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly max = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}
  allow(ref: string, now = Date.now()): boolean {
    const recent = (this.failures.get(ref) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(ref, recent);
    return recent.length < this.max;
  }
  failed(ref: string, now = Date.now()): void {
    this.failures.set(ref, [...(this.failures.get(ref) ?? []), now]);
  }
  succeeded(ref: string): void {
    this.failures.delete(ref);
  }
}

export type ReleaseOutcome =
  | { status: 'released'; result: SanitizeResult }
  | { status: 'wrong-password' }
  | { status: 'rate-limited' }
  | { status: 'not-found' };

/**
 * Re-process a held message with the supplied password. `messageRef` is the quarantine reference of the original
 * message (SanitizeResult.quarantined[kind=message]). The result is a new version (new id, `supersedes` logged).
 */
export async function releaseWithPassword(
  store: QuarantineStore,
  messageRef: string,
  password: string,
  policy: Policy,
  limiter: AttemptLimiter,
  opts: Omit<SanitizeOptions, 'passwords' | 'store'> & { previousId?: string } = {},
): Promise<ReleaseOutcome> {
  if (!limiter.allow(messageRef)) return { status: 'rate-limited' };
  let raw: Buffer;
  try {
    raw = await store.get(messageRef);
  } catch {
    return { status: 'not-found' };
  }
  const result = await (await import('./pipeline.ts')).sanitizeMessage(raw, policy, {
    ...opts,
    store,
    passwords: [password],
    supersedes: opts.previousId ?? messageRef,
  });
  const stillHeld = result.log.parts.some((p) => p.verdict === 'held' || p.entries?.some((e) => e.verdict === 'held'));
  if (stillHeld) {
    limiter.failed(messageRef);
    return { status: 'wrong-password' };
  }
  limiter.succeeded(messageRef);
  return { status: 'released', result };
}
