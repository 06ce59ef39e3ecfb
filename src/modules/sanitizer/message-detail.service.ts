/**
 * One message's detail: the facts, the body findings, each part with its types, action, result and hashes, the
 * recipients with who decides their release requests (never themselves), the originals kept in quarantine, the
 * versions made from it, its release requests, and the 無害化レポート rebuilt from the stored records as the recipient
 * received it.
 */
import { inTenant, type Scope } from '../../db/scope.ts';
import { notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { buildReport } from '../../sanitizer/out/report.ts';
import type { Detection, MessageRecord, PartRecord } from '../../sanitizer/types.ts';
import { unitPath } from '../organisation/units.repo.ts';
import { actorAddress, visibility, visibleMessage } from './access.ts';
import { canDecide, MESSAGE } from './messages.service.ts';
import { SANITIZER } from './permissions.ts';
import { approversFor, releaseRows, releaseView } from './release.views.ts';
import { loadSettings } from './settings.service.ts';

interface PartRow {
  seq: number;
  part: string;
  depth: number;
  name: string | null;
  declared: string;
  sniffed: string;
  in_sha256: string;
  in_size: number;
  encrypted: number;
  action: string;
  verdict: string;
  rule: string;
  reason: string;
  out_name: string | null;
  out_type: string | null;
  out_sha256: string | null;
  out_size: number | null;
  out_pages: number | null;
  detections: string;
  quarantine_ref: string | null;
  duration_ms: number;
  received_at: string;
}

/** The part records as the pipeline logged them (archive entries nested again), for the report. */
function partTree(rows: PartRow[], msgId: string, policy: string): PartRecord[] {
  const top: PartRecord[] = [];
  const stack: PartRecord[] = [];
  for (const r of rows) {
    const rec: PartRecord = {
      ts: r.received_at,
      event: r.verdict === 'removed' ? 'part.blocked' : r.verdict === 'held' ? 'part.held' : 'part.sanitized',
      msgId,
      part: r.part,
      policy,
      rule: r.rule,
      in: {
        name: r.name,
        declared: r.declared,
        sniffed: r.sniffed,
        sha256: r.in_sha256,
        size: Number(r.in_size),
        encrypted: Number(r.encrypted) === 1,
      },
      detections: JSON.parse(r.detections) as Detection[],
      action: r.action as PartRecord['action'],
      out: r.out_sha256
        ? {
            name: r.out_name ?? '',
            type: r.out_type ?? '',
            sha256: r.out_sha256,
            size: Number(r.out_size),
            ...(r.out_pages !== null ? { pages: Number(r.out_pages) } : {}),
          }
        : undefined,
      verdict: r.verdict as PartRecord['verdict'],
      reason: r.reason,
      durationMs: Number(r.duration_ms),
      quarantineRef: r.quarantine_ref ?? undefined,
    };
    stack.length = Math.min(stack.length, Number(r.depth));
    const parent = stack[stack.length - 1];
    if (Number(r.depth) === 0 || !parent) top.push(rec);
    else {
      parent.entries = parent.entries ?? [];
      parent.entries.push(rec);
    }
    stack.push(rec);
  }
  return top;
}

export async function getMessage(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const m = await tx
      .selectFrom('sanitizer_message')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!m) throw notFound(MESSAGE);
    const recipients = await tx
      .selectFrom('sanitizer_recipient as r')
      .leftJoin('person as p', (j) => j.onRef('p.id', '=', 'r.person_id').onRef('p.tenant_id', '=', 'r.tenant_id'))
      .select(['r.address', 'r.person_id', 'r.unit_id', 'p.family_name', 'p.given_name'])
      .where('r.tenant_id', '=', scope.tenantId)
      .where('r.message_id', '=', id)
      .execute();
    const v = await visibility(services, scope, tx);
    if (!visibleMessage(v, recipients)) throw notFound(MESSAGE);

    const partRows = (await tx
      .selectFrom('sanitizer_part')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('message_id', '=', id)
      .orderBy('seq')
      .execute()) as unknown as PartRow[];
    const items = await tx
      .selectFrom('sanitizer_quarantine_item')
      .select(['ref', 'kind', 'part', 'name', 'size', 'reason', 'created_at'])
      .where('tenant_id', '=', scope.tenantId)
      .where('message_id', '=', id)
      .orderBy('kind')
      .execute();
    const later = await tx
      .selectFrom('sanitizer_message')
      .select(['id', 'received_at', 'origin', 'verdict', 'disposition', 'policy_version'])
      .where('tenant_id', '=', scope.tenantId)
      .where('supersedes_id', '=', id)
      .orderBy('received_at')
      .execute();
    const releases = await releaseRows(tx, scope.tenantId, { messageId: id, limit: 50 });
    const record = JSON.parse(m.record_json) as MessageRecord;
    const tree = partTree(partRows, m.id, m.policy_version);
    const quarantinedReason = m.verdict === 'quarantined' && m.reason !== 'ppap-hold' ? (m.reason ?? '') : undefined;
    const report = buildReport({
      id: m.id,
      policy: m.policy_version,
      processedAt: m.received_at,
      body: {
        sourceType: record.body.sourceType,
        urls: record.body.urls,
        mismatches: record.body.mismatches,
        hiddenTextDropped: record.body.hiddenTextDropped,
        inlineDropped: tree.filter((p) => p.action === 'drop-inline').length,
      },
      parts: quarantinedReason !== undefined ? [] : tree,
      held: Number(m.parts_held) > 0 || partRows.some((p) => p.verdict === 'held'),
      quarantinedReason,
    });

    const address = await actorAddress(tx, scope);
    const isRecipient =
      scope.actor.personId !== null &&
      recipients.some((r) => r.person_id === scope.actor.personId || (address !== null && r.address === address));
    const open = releases.find(
      (r) => r.requester_person_id === scope.actor.personId && (r.status === 'REQUESTED' || r.status === 'APPROVED'),
    );
    const canRequest =
      isRecipient &&
      address !== null &&
      recipients.some((r) => r.address === address) &&
      services.permissions.canAtAll(scope.actor, 'request', SANITIZER) &&
      m.quarantine_ref !== null &&
      !open;
    const approvers = await approversFor(tx, scope.tenantId, v.units);
    const settings = await loadSettings(tx, scope.tenantId);
    return {
      id: m.id,
      receivedAt: m.received_at,
      origin: m.origin,
      supersedesId: m.supersedes_id,
      verdict: m.verdict,
      reason: m.reason,
      disposition: m.disposition,
      deliveredAt: m.delivered_at,
      deliveryError: m.delivery_error,
      policyVersion: m.policy_version,
      raw: { sha256: m.raw_sha256, size: Number(m.raw_size) },
      out: m.out_sha256 ? { sha256: m.out_sha256, size: Number(m.out_size) } : null,
      envelope: { from: m.envelope_from, to: JSON.parse(m.envelope_to) as string[], peer: m.peer },
      headers: {
        from: m.header_from,
        to: JSON.parse(m.header_to) as string[],
        subject: m.subject,
        messageId: m.message_id,
        date: record.headers.date,
      },
      outgoingMessageId: m.outgoing_message_id,
      actions: JSON.parse(m.actions) as string[],
      body: {
        sourceType: m.body_source,
        urls: Number(m.body_urls),
        mismatches: record.body.mismatches,
        hiddenTextDropped: record.body.hiddenTextDropped,
      },
      timings: record.timings,
      parts: partRows.map((p) => ({
        part: p.part,
        depth: Number(p.depth),
        name: p.name,
        declared: p.declared,
        sniffed: p.sniffed,
        size: Number(p.in_size),
        sha256: p.in_sha256,
        encrypted: Number(p.encrypted) === 1,
        action: p.action,
        verdict: p.verdict,
        rule: p.rule,
        reason: p.reason,
        out: p.out_sha256
          ? {
              name: p.out_name,
              type: p.out_type,
              sha256: p.out_sha256,
              size: Number(p.out_size),
              pages: p.out_pages === null ? null : Number(p.out_pages),
            }
          : null,
        detections: JSON.parse(p.detections) as Detection[],
        quarantineRef: p.quarantine_ref,
        durationMs: Number(p.duration_ms),
      })),
      recipients: recipients.map((r) => ({
        address: r.address,
        person: r.person_id ? { id: r.person_id, name: `${r.family_name ?? ''} ${r.given_name ?? ''}`.trim() } : null,
        unit: r.unit_id ? { id: r.unit_id, path: unitPath(v.units, r.unit_id) } : null,
        ...approvers(r),
      })),
      quarantine: items.map((i) => ({
        ref: i.ref,
        kind: i.kind,
        part: i.part,
        name: i.name,
        size: Number(i.size),
        reason: i.reason,
        createdAt: i.created_at,
      })),
      versions: later.map((l) => ({
        id: l.id,
        receivedAt: l.received_at,
        origin: l.origin,
        verdict: l.verdict,
        disposition: l.disposition,
        policyVersion: l.policy_version,
      })),
      releases: releases.map((r) => ({
        ...releaseView(r),
        canDecide:
          r.status === 'REQUESTED' &&
          r.requester_person_id !== scope.actor.personId &&
          canDecide(services, scope, v, r.unit_id),
      })),
      report,
      canRequest,
      isRecipient,
      rawReleaseAllowed: settings.rawReleaseAllowed,
    };
  });
}
