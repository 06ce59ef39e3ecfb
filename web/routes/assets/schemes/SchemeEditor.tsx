/**
 * One classification scheme: its levels per axis (区分名, 定義, 取扱制限, and whether the wording is 確認済 / 例文 /
 * 要確認) and the thresholds the rules use. Keepers of the scheme edit the text in place; codes and ranks stay as
 * they are, because assets are classified by them.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, useErrorText } from '../../../components/PageParts.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { fieldId } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { put } from '../lifecycle/types.ts';
import type { SchemeList, SchemeView } from '../types.ts';

type AxisKey = 'confidentiality' | 'integrity' | 'availability';
const AXES: AxisKey[] = ['confidentiality', 'integrity', 'availability'];
const LABELS = ['確認済', '例文', '要確認'] as const;
type EditLevel = Omit<SchemeView['confidentiality'][number], 'restrictionDetails'>;
type Restriction = EditLevel['restrictions'][number];
type Draft = { name: string; effectiveFrom: string } & Record<AxisKey, EditLevel[]>;

const strip = (levels: SchemeView[AxisKey]): EditLevel[] =>
  levels.map(({ restrictionDetails: _, ...l }) => ({ ...l, restrictions: [...l.restrictions] }));
const draftOf = (s: SchemeView): Draft => ({
  name: s.name,
  effectiveFrom: s.effectiveFrom,
  confidentiality: strip(s.confidentiality),
  integrity: strip(s.integrity),
  availability: strip(s.availability),
});

function EvidenceLabel({ label }: { label: string }) {
  return (
    <span
      className={
        label === '要確認'
          ? 'inline-flex rounded-6 border border-orange-900 bg-orange-50 px-2 py-0.5 text-dns-14B-130 text-orange-1100'
          : 'inline-flex rounded-6 border border-solid-gray-600 bg-solid-gray-50 px-2 py-0.5 text-dns-14B-130 text-solid-gray-800'
      }
    >
      ［{label}］
    </span>
  );
}

function AxisView({ scheme, axis }: { scheme: SchemeView; axis: AxisKey }) {
  const { t } = useTranslation();
  const levels = [...scheme[axis]].sort((a, b) => b.rank - a.rank);
  return (
    <div className="w-full overflow-x-auto">
      <table className="w-full border-collapse text-left text-std-16N-170">
        <caption className="pb-2 text-left text-std-17B-170">{t(`assets.schemes.axis.${axis}`)}</caption>
        <thead>
          <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
            <th scope="col" className="px-4 py-2">
              {t('assets.schemes.level')}
            </th>
            <th scope="col" className="px-4 py-2">
              {t('assets.schemes.definition')}
            </th>
            <th scope="col" className="px-4 py-2">
              {t('assets.schemes.restrictions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {levels.map((l) => (
            <tr key={l.code} className="border-b border-solid-gray-200 align-top" data-level={l.code}>
              <th scope="row" className="px-4 py-3 font-bold whitespace-nowrap">
                {l.displayName}
              </th>
              <td className="px-4 py-3">
                <p>{l.definition || '—'}</p>
                <EvidenceLabel label={l.label} />
              </td>
              <td className="px-4 py-3">
                {l.restrictionDetails.length === 0 ? (
                  t('assets.schemes.noRestrictions')
                ) : (
                  <ul className="list-disc pl-5">
                    {l.restrictionDetails.map((r) => (
                      <li key={r.code}>{r.name}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SchemeLevels({ scheme }: { scheme: SchemeView }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-6">
      {AXES.map((axis) => (
        <AxisView key={axis} scheme={scheme} axis={axis} />
      ))}
      <div className="flex flex-col gap-2">
        <h3 className="text-std-17B-170">{t('assets.schemes.thresholds')}</h3>
        <ul className="list-disc pl-6">
          {Object.entries(scheme.thresholds).map(([key, th]) => {
            const axis = th.axis === 'C' ? 'confidentiality' : th.axis === 'I' ? 'integrity' : 'availability';
            const level = [...scheme[axis]].sort((a, b) => a.rank - b.rank).find((l) => l.rank >= th.minRank);
            return (
              <li key={key}>
                {t(`assets.schemes.threshold.${key}`, { defaultValue: key })}：
                {t('assets.schemes.thresholdText', { level: level?.displayName ?? th.minRank })}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

export function SchemeEditor({
  scheme,
  restrictions,
  onDone,
}: {
  scheme: SchemeView;
  restrictions: SchemeList['restrictions'];
  onDone: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(scheme));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const save = useMutation({
    mutationFn: () =>
      put<SchemeView>(`/asset-schemes/${scheme.id}`, {
        name: draft.name.trim(),
        effectiveFrom: draft.effectiveFrom,
        definition: {
          confidentiality: draft.confidentiality,
          integrity: draft.integrity,
          availability: draft.availability,
          thresholds: scheme.thresholds,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      onDone(t('assets.schemes.saved', { name: draft.name }));
    },
    onError: (e) => {
      setAttempt((n) => n + 1);
      setErrors(e instanceof ApiError ? e.fields : []);
    },
  });
  const setLevel = (axis: AxisKey, i: number, change: Partial<EditLevel>) =>
    setDraft((d) => ({ ...d, [axis]: d[axis].map((l, j) => (j === i ? { ...l, ...change } : l)) }));
  const err = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? msg(e.message) : undefined;
  };
  const general = save.error && !(save.error instanceof ApiError && save.error.fields.length);

  return (
    <form
      noValidate
      aria-label={t('assets.schemes.editTitle', { name: scheme.name })}
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <ErrorSummary items={errors.map((e) => ({ field: e.field, message: msg(e.message) }))} focusKey={attempt} />
      {general && (
        <NotificationBanner kind="error" title={t('assets.schemes.failed')}>
          {errorText(save.error)}
        </NotificationBanner>
      )}
      <TextField
        id="field-name"
        label={t('assets.schemes.name')}
        required
        maxLength={100}
        value={draft.name}
        onChange={(name) => setDraft((d) => ({ ...d, name }))}
        error={err('name')}
      />
      <DateField
        id="field-effectiveFrom"
        label={t('assets.schemes.effectiveFrom')}
        required
        value={draft.effectiveFrom}
        onChange={(effectiveFrom) => setDraft((d) => ({ ...d, effectiveFrom }))}
        error={err('effectiveFrom')}
      />
      {AXES.map((axis) => (
        <fieldset key={axis} className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 px-5 py-4">
          <legend className="px-1 text-std-20B-150">{t(`assets.schemes.axis.${axis}`)}</legend>
          {draft[axis].map((l, i) => {
            const base = `definition.${axis}.${i}`;
            return (
              <fieldset key={l.code} className="flex flex-col gap-3 border-t border-solid-gray-200 pt-3">
                <legend className="text-std-17B-170">
                  {scheme[axis].find((x) => x.code === l.code)?.displayName || l.displayName}
                  <span className="ml-2 text-dns-14N-130 font-normal text-solid-gray-700">
                    {t('assets.schemes.levelIdentifier', { code: l.code })}
                  </span>
                </legend>
                <TextField
                  id={fieldId(`${base}.displayName`)}
                  label={t('assets.schemes.displayName')}
                  required
                  width="m"
                  maxLength={40}
                  value={l.displayName}
                  onChange={(displayName) => setLevel(axis, i, { displayName })}
                  error={err(`${base}.displayName`)}
                />
                <TextArea
                  id={fieldId(`${base}.definition`)}
                  label={t('assets.schemes.definition')}
                  rows={3}
                  maxLength={2000}
                  value={l.definition}
                  onChange={(definition) => setLevel(axis, i, { definition })}
                  error={err(`${base}.definition`)}
                />
                <Select
                  id={fieldId(`${base}.label`)}
                  label={t('assets.schemes.evidence')}
                  help={t('assets.schemes.evidenceHelp')}
                  width="s"
                  value={l.label}
                  onChange={(label) => setLevel(axis, i, { label: label as EditLevel['label'] })}
                  options={LABELS.map((x) => ({ value: x, label: x }))}
                />
                <fieldset className="flex flex-col gap-1">
                  <legend className="text-std-16B-170">{t('assets.schemes.restrictions')}</legend>
                  <div className="grid gap-x-6 sm:grid-cols-2">
                    {restrictions.map((r) => (
                      <Checkbox
                        key={r.code}
                        id={fieldId(`${base}.restrictions.${r.code}`)}
                        isSelected={l.restrictions.includes(r.code as Restriction)}
                        onChange={(on) =>
                          setLevel(axis, i, {
                            restrictions: on
                              ? restrictions
                                  .map((x) => x.code as Restriction)
                                  .filter((c) => c === r.code || l.restrictions.includes(c))
                              : l.restrictions.filter((c) => c !== r.code),
                          })
                        }
                      >
                        {r.name}
                      </Checkbox>
                    ))}
                  </div>
                </fieldset>
              </fieldset>
            );
          })}
        </fieldset>
      ))}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" isPending={save.isPending}>
          {t('common.save')}
        </Button>
        <Button variant="secondary" onPress={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function SchemeDates({ scheme }: { scheme: SchemeView }) {
  const { t } = useTranslation();
  return (
    <span>
      {t('assets.schemes.from')}
      <DateText iso={scheme.effectiveFrom} />
    </span>
  );
}
