/**
 * The tenant's gateway settings and the policy in force (sanitizer.md §7, §8): makePolicy's defaults, the machine's
 * MAMORI_SANITIZER_POLICY and the tenant's own overrides, merged in that order. Raw release of originals to LGWAN is
 * off unless the CISO or the 統括 turns it on, naming the 例外措置 it rests on; every change is in the audit trail.
 */
import { inTenant, nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { appendAudit } from '../../platform/audit-log/trail.ts';
import { fieldErrors } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/services.ts';
import {
  cdrProfile,
  defaultPolicy,
  makePolicy,
  type Policy,
  type PolicyInput,
  policyProblems,
} from '../../sanitizer/policy.ts';
import { SANITIZER } from './permissions.ts';
import { runtimeFor } from './runtime.ts';
import { holdToServer, looserFields, pathsOfKind } from './strictness.ts';

export interface Settings {
  rawReleaseAllowed: boolean;
  rawReleaseBasis: string | null;
  policyOverrides: PolicyInput;
  updatedBy: string | null;
  updatedAt: string | null;
}

export async function loadSettings(tx: Tx, tenantId: string): Promise<Settings> {
  const row = await tx
    .selectFrom('sanitizer_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row)
    return { rawReleaseAllowed: false, rawReleaseBasis: null, policyOverrides: {}, updatedBy: null, updatedAt: null };
  return {
    rawReleaseAllowed: Number(row.raw_release_allowed) === 1,
    rawReleaseBasis: row.raw_release_basis,
    policyOverrides: JSON.parse(row.policy_overrides) as PolicyInput,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of two policy inputs (later wins; arrays are replaced). */
export function mergeInputs(a: PolicyInput, b: PolicyInput): PolicyInput {
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b as Record<string, unknown>)) {
    out[k] = isObject(v) && isObject(out[k]) ? mergeInputs(out[k] as PolicyInput, v as PolicyInput) : v;
  }
  return out as PolicyInput;
}

/** Limits a town may lower but never raise above the server's policy: the gateway is shared (sizes, counts, depth, time). */
export const TIGHTEN_ONLY = pathsOfKind('at-most');

/** Defaults ← machine ← tenant overrides, merged as given (what the settings form validates). */
function mergedPolicy(base: PolicyInput, overrides: PolicyInput): Policy {
  return makePolicy(mergeInputs(base, overrides));
}

/**
 * The tenant's policy: defaults ← machine (MAMORI_SANITIZER_POLICY) ← tenant overrides. A town may only make the
 * gateway stricter (strictness.ts: limits at most the server's, flags and actions no looser, allow-lists no longer, a
 * scanner the server runs as the server set it, the scanner's paths the server's). updateSettings refuses looser
 * overrides; this holds them here as well, for overrides saved before those checks (fail closed).
 */
export function effectivePolicy(base: PolicyInput, overrides: PolicyInput): Policy {
  const merged = mergedPolicy(base, overrides);
  if (!isObject(overrides) || Object.keys(overrides).length === 0) return merged;
  return holdToServer(makePolicy(base), merged);
}

type FieldProblem = { field: string; message: { ja: string; en: string } };

/** What a town's overrides may not do to the server's policy (`server`: the policy without the tenant's overrides). */
export function tenantOverrideProblems(server: Policy, overrides: Record<string, unknown>): FieldProblem[] {
  return looserFields(server, overrides as PolicyInput).map((p) => ({
    field: `policyOverrides.${p.path}`,
    message: { ja: p.ja, en: p.en },
  }));
}

/** Release profiles: how an original is processed again when a release is approved (default: cdr). */
export const PROFILES = {
  cdr: {
    ja: 'Office 文書を編集可能な形で再構成（CDR: マクロ・埋め込みオブジェクト・外部リンクを除去）',
    en: 'Office documents rebuilt editable (CDR: macros, embedded objects and external links removed)',
    apply: (p: Policy): Policy => {
      const c = cdrProfile(p);
      return {
        ...c,
        policyVersion: `${p.policyVersion}+cdr`,
        body: { ...c.body, subjectPrefix: c.body.subjectPrefix ? `${c.body.subjectPrefix} [再無害化]` : '[再無害化]' },
      };
    },
  },
} as const;
export type ProfileCode = keyof typeof PROFILES;

/** Every leaf where `effective` differs from the defaults: path, default, value. */
function differences(def: unknown, eff: unknown, path: string[] = []): { path: string; from: unknown; to: unknown }[] {
  if (isObject(def) && isObject(eff)) {
    return Object.keys(eff).flatMap((k) => differences(def[k], eff[k], [...path, k]));
  }
  return JSON.stringify(def) === JSON.stringify(eff) ? [] : [{ path: path.join('.'), from: def, to: eff }];
}

/** The policy view: defaults, the machine's and the tenant's overrides, the effective policy and what differs. */
export async function policyView(services: Services, scope: Scope) {
  const runtime = await runtimeFor(services);
  return inTenant(services.database, scope, async (tx) => {
    const settings = await loadSettings(tx, scope.tenantId);
    const effective = effectivePolicy(runtime.basePolicy, settings.policyOverrides);
    const lastUsed = await tx
      .selectFrom('sanitizer_message')
      .select(['policy_version', 'received_at'])
      .where('tenant_id', '=', scope.tenantId)
      .where('origin', '=', 'relay')
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      defaults: defaultPolicy,
      machineOverrides: runtime.basePolicy,
      /** the policy without the tenant's overrides (what an edit form compares against) */
      base: effectivePolicy(runtime.basePolicy, {}),
      tenantOverrides: settings.policyOverrides,
      effective,
      differences: differences(defaultPolicy, effective),
      profiles: Object.entries(PROFILES).map(([code, p]) => ({ code, label: { ja: p.ja, en: p.en } })),
      releaseDefault: 'cdr' as ProfileCode,
      rawReleaseAllowed: settings.rawReleaseAllowed,
      rawReleaseBasis: settings.rawReleaseBasis,
      updatedBy: settings.updatedBy,
      updatedAt: settings.updatedAt,
      relayLastUsed: lastUsed ? { policyVersion: lastUsed.policy_version, at: lastUsed.received_at } : null,
      canManage: services.permissions.can(scope.actor, 'manage', SANITIZER),
    };
  });
}

/** Changes the settings; the policy overrides must make a valid policy with a version of their own. */
export async function updateSettings(
  services: Services,
  scope: Scope,
  input: { rawReleaseAllowed?: boolean; rawReleaseBasis?: string | null; policyOverrides?: Record<string, unknown> },
) {
  const runtime = await runtimeFor(services);
  await inTenant(services.database, scope, async (tx) => {
    const before = await loadSettings(tx, scope.tenantId);
    const next: Settings = {
      rawReleaseAllowed: input.rawReleaseAllowed ?? before.rawReleaseAllowed,
      rawReleaseBasis: input.rawReleaseBasis === undefined ? before.rawReleaseBasis : input.rawReleaseBasis || null,
      policyOverrides: (input.policyOverrides as PolicyInput | undefined) ?? before.policyOverrides,
      updatedBy: scope.actor.label,
      updatedAt: nowIso(),
    };
    if (next.rawReleaseAllowed && !next.rawReleaseBasis?.trim())
      throw fieldErrors([
        {
          field: 'rawReleaseBasis',
          message: {
            ja: '原本の提供を認める根拠となる例外措置（承認番号等）を入力してください。',
            en: 'Name the approved exception (例外措置) that allows raw release.',
          },
        },
      ]);
    if (input.policyOverrides !== undefined && Object.keys(input.policyOverrides).length > 0) {
      let policy: Policy;
      try {
        policy = mergedPolicy(runtime.basePolicy, next.policyOverrides);
      } catch (err) {
        throw fieldErrors([
          {
            field: 'policyOverrides',
            message: {
              ja: `ポリシーの指定に誤りがあります（${(err as Error).message}）。項目名を確認してください。`,
              en: `The policy overrides are invalid: ${(err as Error).message}`,
            },
          },
        ]);
      }
      const problems: FieldProblem[] = policyProblems(policy).map((p) => ({
        field: `policyOverrides.${p.path}`,
        message: { ja: p.ja, en: p.en },
      }));
      const server = mergedPolicy(runtime.basePolicy, {});
      for (const p of tenantOverrideProblems(server, input.policyOverrides))
        if (!problems.some((q) => q.field === p.field)) problems.push(p);
      if (problems.length) throw fieldErrors(problems);
      if (!('policyVersion' in input.policyOverrides) || policy.policyVersion === defaultPolicy.policyVersion)
        throw fieldErrors([
          {
            field: 'policyOverrides.policyVersion',
            message: {
              ja: '独自の設定には、既定と異なるポリシーの版（policyVersion）を付けてください。記録にどの版で処理したかが残ります。',
              en: 'Give the overrides a policyVersion of their own, so records show which version processed a mail.',
            },
          },
        ]);
    }
    const row = {
      tenant_id: scope.tenantId,
      raw_release_allowed: next.rawReleaseAllowed ? 1 : 0,
      raw_release_basis: next.rawReleaseBasis,
      policy_overrides: JSON.stringify(next.policyOverrides),
      updated_by: scope.actor.label,
      updated_at: next.updatedAt as string,
    };
    await tx
      .insertInto('sanitizer_settings')
      .values(row)
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
      .execute();
    await appendAudit(tx, scope, {
      action: next.rawReleaseAllowed && !before.rawReleaseAllowed ? 'enable-raw-release' : 'update',
      entityType: 'sanitizer_settings',
      entityId: scope.tenantId,
      before,
      after: next.rawReleaseAllowed ? { ...next, exception: '例外措置', flag: 'RAW_RELEASE_ALLOWED' } : next,
    });
  });
  return policyView(services, scope);
}
