/**
 * Firewall import (三層の対策 B7): one or more configuration files are parsed, each file's report kept (complete,
 * unsupported lines, errors with file and line), the checker run against the register on today's setting, and the
 * findings stored. Fail closed: a file with errors means nothing is imported.
 */

import { uuidv7 } from '../../db/ids.ts';
import type { DB } from '../../db/schema.ts';
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import { checkNetwork } from '../../domain/flows/check.ts';
import type { NetworkFinding, RuleRef, Witness } from '../../domain/flows/findings.ts';
import type { TierReach } from '../../domain/flows/reach.ts';
import type { FirewallRuleset } from '../../domain/flows/ruleset.ts';
import type { NetworkModel, TierClause } from '../../domain/tiers.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import { registerFindings } from './checks.ts';
import type { FindingsQuery } from './contract.ts';
import { parseFirewallConfig } from './firewall/index.ts';
import { loadRegister } from './register.service.ts';

export interface FileReport {
  file: string;
  vendor: string;
  complete: boolean;
  rules: number;
  unsupported: { line: number; text: string; reason: string }[];
  errors: { line: number; message: string }[];
  warnings: { line: number; message: string }[];
  limitations: string[];
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/** Findings that mean the tier separation is broken on a cell (colour the diagram's arrow). */
export const VIOLATION_CODES = new Set([
  'TIER-FORBIDDEN',
  'TIER-UNSANITIZED',
  'TOKUTEI-UNLISTED',
  'LBO-UNAPPROVED',
  'SECURITY-CLOUD-BYPASS',
  'ANY-ANY-CROSS-TIER',
  'CHANNEL-CONDITION',
  'EXCEPTION-EXPIRED',
  'UNREGISTERED-FLOW',
]);

function fileReport(rs: FirewallRuleset, file: string, limitations: string[]): FileReport {
  const rules = rs.chains.reduce((n, c) => n + c.rules.length, 0);
  return {
    file,
    vendor: rs.vendor,
    complete: rs.complete,
    rules,
    unsupported: rs.unsupported.map((u) => ({ line: u.line, text: u.text, reason: u.reason })),
    errors: rs.errors.map((e) => ({ line: e.line, message: e.message })),
    warnings: rs.warnings.map((w) => ({ line: w.line, message: w.message })),
    limitations,
  };
}

interface StoredFinding {
  code: string;
  severity: string;
  certainty: string;
  cell: string | null;
  file: string | null;
  message: { ja: string; en: string };
  clause: TierClause;
  rule?: RuleRef;
  witness?: Witness;
  count?: number;
  systemId?: string;
}

const RANK = { denied: 0, possibly: 1, allowed: 2 } as const;

/** Most open verdict per tier pair over all devices (each file is one device; v1: no chaining). */
function mergeReach(all: TierReach[][]): TierReach[] {
  const by = new Map<string, TierReach>();
  for (const list of all) {
    for (const r of list) {
      const k = `${r.from}->${r.to}`;
      const seen = by.get(k);
      if (!seen || RANK[r.verdict] > RANK[seen.verdict]) by.set(k, r);
    }
  }
  return [...by.values()];
}

export async function importFirewall(
  services: Services,
  scope: Scope,
  files: { name: string; bytes: Uint8Array }[],
  on: string = todayInJapan(),
) {
  if (!files.length) {
    throw badRequest('FILE_MISSING', { ja: 'ファイルを選んでください。', en: 'Choose a file to upload.' });
  }
  const parsed = files.map((f) => ({ name: f.name, rs: parseFirewallConfig(f.bytes, { file: f.name }) }));
  const failed = parsed.filter((p) => p.rs.errors.length > 0);
  if (failed.length) {
    const reports = parsed.map((p) => fileReport(p.rs, p.name, []));
    const first = failed[0].rs.errors[0];
    throw new AppError(
      422,
      'FIREWALL_PARSE_ERROR',
      {
        ja: `${failed[0].name} の ${first.line} 行目を読み取れませんでした（${first.message}）。何も取り込んでいません。ファイルを確認してください。`,
        en: `${failed[0].name} line ${first.line}: ${first.message}. Nothing was imported.`,
      },
      { files: reports },
    );
  }
  return inTenant(services.database, scope, async (tx) => {
    const loaded = await loadRegister(tx, scope, on);
    if (!loaded.setting) {
      throw badRequest('NETWORK_SETTING_MISSING', {
        ja: 'ネットワークの設定（モデル及びセグメント）が登録されていません。先に設定を登録してください。',
        en: 'No network setting is in force; register the model and zones first.',
      });
    }
    const model = loaded.setting.model as NetworkModel;
    const findings: StoredFinding[] = [];
    const perFile: FileReport[] = [];
    const reaches: TierReach[][] = [];
    const devices: { file: string; pipeline: string | null; complete: boolean; stats: unknown }[] = [];
    for (const p of parsed) {
      const result = checkNetwork({ model, on, register: loaded.register, ruleset: p.rs });
      perFile.push(fileReport(p.rs, p.name, result.limitations));
      reaches.push(result.tiers);
      devices.push({ file: p.name, pipeline: result.pipeline, complete: result.complete, stats: result.stats });
      for (const f of result.findings as NetworkFinding[]) {
        findings.push({
          code: f.code,
          severity: f.severity,
          certainty: f.certainty,
          cell: f.cell ?? null,
          file: p.name,
          message: f.message,
          clause: f.clause,
          rule: f.rule,
          witness: f.witness,
          count: f.count,
        });
      }
    }
    for (const f of registerFindings(model, loaded.systems)) {
      findings.push({ ...f, cell: null, file: null });
    }
    findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

    const id = uuidv7();
    const complete = perFile.every((f) => f.complete) && devices.every((d) => d.complete);
    const row: DB['network_import'] = {
      id,
      tenant_id: scope.tenantId,
      created_at: nowIso(),
      actor_label: scope.actor.label,
      checked_on: on,
      model,
      complete: complete ? 1 : 0,
      files_json: JSON.stringify(perFile),
      rulesets_json: JSON.stringify(parsed.map((p) => p.rs)),
      result_json: JSON.stringify({ tiers: mergeReach(reaches), devices }),
      finding_count: findings.length,
    };
    await tx.insertInto('network_import').values(row).execute();
    if (findings.length) {
      const values = findings.map((f, seq) => ({
        id: uuidv7(),
        tenant_id: scope.tenantId,
        import_id: id,
        seq,
        code: f.code,
        severity: f.severity,
        severity_rank: SEVERITY_RANK[f.severity] ?? 4,
        certainty: f.certainty,
        cell: f.cell,
        file: f.file,
        message_ja: f.message.ja,
        message_en: f.message.en,
        detail_json: JSON.stringify({
          clause: f.clause,
          rule: f.rule,
          witness: f.witness,
          count: f.count,
          systemId: f.systemId,
        }),
      }));
      for (let i = 0; i < values.length; i += 200) {
        await tx
          .insertInto('network_finding')
          .values(values.slice(i, i + 200))
          .execute();
      }
    }
    await appendAudit(tx, scope, {
      action: 'import',
      entityType: 'network_import',
      entityId: id,
      after: {
        files: perFile.map((f) => ({ file: f.file, vendor: f.vendor, complete: f.complete, rules: f.rules })),
        findings: findings.length,
        model,
        on,
      },
    });
    return importView(row);
  });
}

function importView(r: DB['network_import']) {
  const files = JSON.parse(r.files_json) as FileReport[];
  return {
    id: r.id,
    createdAt: r.created_at,
    actorLabel: r.actor_label,
    checkedOn: r.checked_on,
    model: r.model as NetworkModel,
    complete: r.complete === 1,
    files,
    findingCount: r.finding_count,
  };
}
export type ImportView = ReturnType<typeof importView>;

async function latestImport(tx: Tx, scope: Scope) {
  return tx
    .selectFrom('network_import')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function listImports(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const rows = await tx
      .selectFrom('network_import')
      .select([
        'id',
        'tenant_id',
        'created_at',
        'actor_label',
        'checked_on',
        'model',
        'complete',
        'files_json',
        'finding_count',
      ])
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
    return { items: rows.map((r) => importView({ ...r, rulesets_json: '', result_json: '' })) };
  });
}

export async function getImport(services: Services, scope: Scope, id: string) {
  return inTenant(services.database, scope, async (tx) => {
    const row = await tx
      .selectFrom('network_import')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound({ ja: '取込結果', en: 'The import' });
    return importView(row);
  });
}

const findingView = (r: DB['network_finding']) => {
  const d = JSON.parse(r.detail_json) as Pick<StoredFinding, 'clause' | 'rule' | 'witness' | 'count' | 'systemId'>;
  return {
    id: r.id,
    code: r.code,
    severity: r.severity,
    certainty: r.certainty,
    cell: r.cell,
    file: r.file,
    message: { ja: r.message_ja, en: r.message_en },
    clause: d.clause,
    rule: d.rule ?? null,
    witness: d.witness ?? null,
    count: d.count ?? null,
    systemId: d.systemId ?? null,
  };
};
export type FindingView = ReturnType<typeof findingView>;

async function findingRows(tx: Tx, scope: Scope, query: FindingsQuery) {
  const imp = query.importId
    ? await tx
        .selectFrom('network_import')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', query.importId)
        .executeTakeFirst()
    : await latestImport(tx, scope);
  if (!imp) return { imp: null, rows: [] as DB['network_finding'][] };
  let q = tx
    .selectFrom('network_finding')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('import_id', '=', imp.id);
  if (query.severity) q = q.where('severity', '=', query.severity);
  if (query.code) q = q.where('code', '=', query.code);
  if (query.certainty) q = q.where('certainty', '=', query.certainty);
  if (query.cell) q = q.where('cell', '=', query.cell);
  const rows = await q.orderBy('severity_rank').orderBy('seq').limit(5000).execute();
  return { imp, rows };
}

export async function listFindings(services: Services, scope: Scope, query: FindingsQuery) {
  return inTenant(services.database, scope, async (tx) => {
    const { imp, rows } = await findingRows(tx, scope, query);
    const codes = imp
      ? (
          await tx
            .selectFrom('network_finding')
            .select('code')
            .distinct()
            .where('tenant_id', '=', scope.tenantId)
            .where('import_id', '=', imp.id)
            .execute()
        ).map((r) => r.code)
      : [];
    return {
      import: imp ? importView(imp) : null,
      total: rows.length,
      codes: codes.sort(),
      items: rows.map(findingView),
    };
  });
}

export async function findingsForExport(services: Services, scope: Scope, query: FindingsQuery) {
  return inTenant(services.database, scope, async (tx) => {
    const { imp, rows } = await findingRows(tx, scope, query);
    await appendAudit(tx, scope, {
      action: 'export',
      entityType: 'network_finding',
      entityId: imp?.id ?? null,
      after: { ...query, rows: rows.length },
    });
    return { imp: imp ? importView(imp) : null, items: rows.map(findingView) };
  });
}

/** The tier diagram: systems by tier, and every open tier pair of the latest import with its verdict and witness. */
export async function diagram(services: Services, scope: Scope) {
  return inTenant(services.database, scope, async (tx) => {
    const today = todayInJapan();
    const loaded = await loadRegister(tx, scope, today);
    const imp = await latestImport(tx, scope);
    const systems = loaded.systems.map((s) => ({
      id: s.id,
      name: s.name,
      tier: s.tier,
      roles: s.roles,
      addresses: s.addresses,
    }));
    if (!imp) return { model: loaded.setting?.model ?? null, import: null, systems, arrows: [] };
    const result = JSON.parse(imp.result_json) as { tiers: TierReach[] };
    const findings = (
      await tx
        .selectFrom('network_finding')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
        .where('import_id', '=', imp.id)
        .where('cell', 'is not', null)
        .orderBy('severity_rank')
        .orderBy('seq')
        .execute()
    ).map(findingView);
    const arrows = result.tiers
      .filter((r) => r.from !== r.to && r.verdict !== 'denied')
      .map((r) => {
        const cell = `${r.from}->${r.to}`;
        const violations = findings.filter((f) => f.cell === cell && VIOLATION_CODES.has(f.code));
        const status = violations.length ? 'violation' : r.verdict === 'possibly' ? 'possible' : 'allowed';
        return {
          from: r.from,
          to: r.to,
          cell,
          verdict: r.verdict,
          status: status as 'violation' | 'possible' | 'allowed',
          witness: violations[0]?.witness ?? r.witness ?? null,
          findings: violations,
        };
      });
    return { model: imp.model, import: importView(imp), systems, arrows };
  });
}
