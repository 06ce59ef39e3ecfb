/** Resolving level codes against a scheme, with messages a clerk can act on; shared by the forms and the import. */

import { todayInJapan } from '../../domain/calendar.ts';
import {
  AXES,
  AXIS_LABELS,
  type Axis,
  type ClassificationScheme,
  findLevel,
  levelsOf,
  schemeInForce,
} from '../../domain/classification.ts';
import { type Bilingual, fieldErrors } from '../../platform/errors.ts';

export const AXIS_FIELDS = { C: 'confidentiality', I: 'integrity', A: 'availability' } as const;

export interface Resolved {
  codes: Record<Axis, string | null>;
  ranks: Record<Axis, number>;
}

export interface LevelError {
  axis: Axis;
  field: string;
  message: Bilingual;
}

export function levelChoices(scheme: ClassificationScheme, axis: Axis): string {
  return levelsOf(scheme, axis)
    .map((l) => l.code)
    .join('、');
}

/** Level codes (or display names) to codes and ranks of the scheme; an empty value leaves the axis unclassified. */
export function resolveLevels(
  scheme: ClassificationScheme,
  input: Partial<Record<Axis, string | null | undefined>>,
): { ok: Resolved; errors: LevelError[] } {
  const codes = { C: null, I: null, A: null } as Record<Axis, string | null>;
  const ranks = { C: 0, I: 0, A: 0 } as Record<Axis, number>;
  const errors: LevelError[] = [];
  for (const axis of AXES) {
    const raw = input[axis]?.trim();
    if (!raw) continue;
    const l = findLevel(scheme, axis, raw);
    if (!l) {
      errors.push({
        axis,
        field: AXIS_FIELDS[axis],
        message: {
          ja: `「${raw}」は分類基準「${scheme.name}」の${AXIS_LABELS[axis]}の区分にありません。${levelChoices(scheme, axis)} のいずれかを入力してください。`,
          en: `"${raw}" is not a ${AXIS_LABELS[axis]} level of the scheme; use one of ${levelChoices(scheme, axis)}.`,
        },
      });
      continue;
    }
    codes[axis] = l.code;
    ranks[axis] = l.rank;
  }
  return { ok: { codes, ranks }, errors };
}

export function schemeByCodeOrName(schemes: ClassificationScheme[], value: string): ClassificationScheme | null {
  const key = value.normalize('NFKC').trim();
  return schemes.find((s) => s.code === key) ?? schemes.find((s) => s.name.normalize('NFKC') === key) ?? null;
}

/** resolveLevels, or a 400 with a field error per axis. */
export function resolveOrThrow(scheme: ClassificationScheme, input: Partial<Record<Axis, string | null | undefined>>) {
  const r = resolveLevels(scheme, input);
  if (r.errors.length) throw fieldErrors(r.errors.map((e) => ({ field: e.field, message: e.message })));
  return r.ok;
}

/** The named scheme, or the one in force today; a 400 when there is none. */
export function schemeFor(list: ClassificationScheme[], id: string | null | undefined): ClassificationScheme {
  const s = id ? list.find((x) => x.id === id) : schemeInForce(list, todayInJapan());
  if (!s)
    throw fieldErrors([
      {
        field: 'schemeId',
        message: { ja: '分類基準が見つかりません。', en: 'The classification scheme was not found.' },
      },
    ]);
  return s;
}
