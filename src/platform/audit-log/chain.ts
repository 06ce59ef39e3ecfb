import { createHash } from 'node:crypto';

/** The fields of an audit event that the chain protects. seq is deliberately left out: order is proven by links. */
export interface ChainedFields {
  id: string;
  tenant_id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  client_ip: string | null;
  prev_hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function eventHash(e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.id,
    e.tenant_id,
    e.occurred_at,
    e.actor_user_id,
    e.actor_label,
    e.action,
    e.entity_type,
    e.entity_id,
    e.before_json,
    e.after_json,
    e.request_id,
    e.client_ip,
    e.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainProblem = 'altered' | 'deleted' | 'reordered' | 'truncated';

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  problem?: { kind: ChainProblem; seq: number; eventId: string | null; message: { ja: string; en: string } };
}

export interface StoredEvent extends ChainedFields {
  seq: number;
  hash: string;
}

/**
 * Walks the events in seq order and names the first one that breaks the chain. Feed it batches through
 * `step`, then call `finish` with the head the database claims.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private problem: ChainVerdict['problem'];

  step(e: StoredEvent): boolean {
    if (this.problem) return false;
    if (e.seq !== this.expectedSeq) {
      const missing = this.expectedSeq;
      this.problem = {
        kind: e.seq > missing ? 'deleted' : 'reordered',
        seq: missing,
        eventId: e.id,
        message: {
          ja: `通番${missing}の記録がありません（削除又は番号の改変）。次の記録は通番${e.seq}です。`,
          en: `Event #${missing} is missing (deleted or renumbered); the next event found is #${e.seq}.`,
        },
      };
      return false;
    }
    if (eventHash(e) !== e.hash) {
      this.problem = {
        kind: 'altered',
        seq: e.seq,
        eventId: e.id,
        message: {
          ja: `通番${e.seq}の記録の内容が記録後に変更されています。`,
          en: `Event #${e.seq} was changed after it was recorded.`,
        },
      };
      return false;
    }
    if (e.prev_hash !== this.prevHash) {
      this.problem = {
        kind: 'reordered',
        seq: e.seq,
        eventId: e.id,
        message: {
          ja: `通番${e.seq}の記録が直前の記録とつながっていません（順序の入替え又は削除）。`,
          en: `Event #${e.seq} does not follow the event before it (reordered or an event removed).`,
        },
      };
      return false;
    }
    this.prevHash = e.hash;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }

  finish(head: { seq: number; hash: string } | undefined): ChainVerdict {
    if (!this.problem && head && (head.seq !== this.expectedSeq - 1 || head.hash !== this.prevHash)) {
      this.problem = {
        kind: 'truncated',
        seq: this.expectedSeq,
        eventId: null,
        message: {
          ja: `最新の記録（通番${head.seq}）まで確認できません。通番${this.expectedSeq}以降が削除されています。`,
          en: `The trail ends before its recorded head (#${head.seq}); events from #${this.expectedSeq} were removed.`,
        },
      };
    }
    return this.problem
      ? { ok: false, checked: this.checked, problem: this.problem }
      : { ok: true, checked: this.checked };
  }
}
