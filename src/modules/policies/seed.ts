/**
 * The seed policy offered at first-run setup: 六戸町情報セキュリティポリシー 第1章 情報セキュリティ基本方針
 * (六戸町電算管理運営委員会; 策定 平成16年4月1日, 改訂 令和8年1月9日, 施行 令和8年4月1日), the town's published basic
 * policy. Its text is kept verbatim, extraction artefacts included, in ./seed/rokunohe-basic-policy.md, copied from
 * ../shared/seed/rokunohe-basic-policy.md (source file 000_2c9d21063d9663d1.txt; see ../shared/seed/README.md), so
 * the app does not depend on that folder at run time; the shared copy is only a fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../db/ids.ts';
import { nowIso, type Scope, type Tx } from '../../db/scope.ts';
import { flattenClauses, parsePolicy } from '../../domain/policy/clauses.ts';
import { warekiDatesIn } from '../../domain/policy/wareki.ts';
import { auditPolicy, documentRecord, versionRecord } from './audit.ts';
import type { DocumentRow, VersionRow } from './context.ts';
import { newDraft } from './documents.service.ts';

export const SEED_FILES = [
  fileURLToPath(new URL('./seed/rokunohe-basic-policy.md', import.meta.url)),
  fileURLToPath(new URL('../../../../shared/seed/rokunohe-basic-policy.md', import.meta.url)),
];

/** The seed text, or null when neither copy is there (setup then goes on without it and says so). */
export function readSeedPolicy(files: string[] = SEED_FILES): string | null {
  for (const file of files) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return null;
}

export interface SeedDates {
  title: string;
  establishedOn: string | null;
  revisedOn: string | null;
  effectiveOn: string | null;
}

/** Title and dates as the text states them: 策定・改訂 in the front matter, 施行 in the last "…から実施する". */
export function seedDates(text: string): SeedDates {
  const parsed = parsePolicy(text);
  const chapter = parsed.clauses[0];
  const title = chapter && /基本方針/.test(chapter.heading) ? chapter.heading : '情報セキュリティ基本方針';
  const starts = flattenClauses(parsed.clauses)
    .flatMap((c) => warekiDatesIn(c.text))
    .filter((d) => /^から(実施|施行)/.test(d.after));
  return {
    title,
    establishedOn: parsed.established,
    revisedOn: parsed.revised,
    effectiveOn: starts.length ? starts[starts.length - 1].iso : null,
  };
}

/** Imports the text as the published first version of the 基本方針, inside the setup transaction. */
export async function importSeedPolicy(
  tx: Tx,
  scope: Scope,
  text: string,
  changeSummary = '初期設定で六戸町情報セキュリティポリシー（基本方針）を取り込みました。',
): Promise<{ documentId: string; versionId: string }> {
  const dates = seedDates(text);
  const now = nowIso();
  const doc: DocumentRow = {
    id: uuidv7(),
    tenant_id: scope.tenantId,
    kind: 'BASIC',
    title: dates.title,
    scope_kind: null,
    scope_id: null,
    visible_roles: '[]',
    on_portal: 1,
    established_on: dates.establishedOn,
    created_by: scope.actor.label,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('policy_document').values(doc).execute();
  await auditPolicy(tx, scope, 'import', 'policy_document', doc.id, null, documentRecord(doc));
  const version: VersionRow = {
    ...newDraft(scope, doc, 1, text, changeSummary, null),
    status: 'PUBLISHED',
    decision: 'APPROVED',
    decided_on: dates.revisedOn,
    decision_json: JSON.stringify({ mode: 'IMPORT', note: '公表済みの基本方針を取り込み' }),
    revised_on: dates.revisedOn ?? dates.establishedOn,
    effective_on: dates.effectiveOn ?? dates.revisedOn ?? dates.establishedOn,
    published_at: now,
    published_by: scope.actor.label,
  };
  await tx.insertInto('policy_version').values(version).execute();
  await auditPolicy(tx, scope, 'import', 'policy_version', version.id, null, versionRecord(doc, version));
  return { documentId: doc.id, versionId: version.id };
}
