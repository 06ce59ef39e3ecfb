/**
 * 列の対応付け: when the file's header row does not match the template, each unknown column can be mapped to a
 * template column or left out, and the check runs again with that mapping (the server applies it: ?map=JSON).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button.tsx';
import { Select } from '../../../components/Select.tsx';

export interface HeaderProblem {
  expected: string[];
  required?: string[];
  missing: string[];
  unknown: string[];
}

const SKIP = '';

export function ColumnMapper({
  problem,
  isPending,
  onApply,
}: {
  problem: HeaderProblem;
  isPending: boolean;
  onApply: (map: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<Record<string, string>>(() =>
    // A column whose name contains a missing header's name is most likely that column (「番号」 ~ 「管理番号」 aside).
    Object.fromEntries(
      problem.unknown.map((u) => [u, problem.missing.find((m) => m.includes(u) || u.includes(m)) ?? SKIP]),
    ),
  );
  const required = new Set(problem.required ?? []);
  const chosen = new Set(Object.values(choice).filter(Boolean));
  const stillMissing = problem.missing.filter((m) => !chosen.has(m));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(choice);
  };
  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="column-mapper-title"
      className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 bg-white px-6 py-5"
    >
      <h3 id="column-mapper-title" className="text-std-20B-150 text-solid-gray-900">
        {t('assets.import.mapTitle')}
      </h3>
      <p>{t('assets.import.mapLead')}</p>
      {problem.unknown.length === 0 && <p>{t('assets.import.mapNothing')}</p>}
      <div className="flex flex-col gap-4">
        {problem.unknown.map((u, i) => (
          <Select
            key={u}
            id={`map-column-${i}`}
            label={t('assets.import.mapColumn', { header: u })}
            hideMarker
            width="m"
            value={choice[u] ?? SKIP}
            onChange={(v) => setChoice((c) => ({ ...c, [u]: v }))}
            options={[
              { value: SKIP, label: t('assets.import.mapSkip') },
              ...problem.expected.map((h) => ({
                value: h,
                label: `${h}${required.has(h) ? t('assets.import.mapRequired') : ''}${problem.missing.includes(h) ? t('assets.import.mapMissing') : ''}`,
              })),
            ]}
          />
        ))}
      </div>
      {stillMissing.length > 0 && (
        <p className="font-bold text-red-900">
          {t('assets.import.mapStillMissing', { headers: stillMissing.join('、') })}
        </p>
      )}
      <div>
        <Button type="submit" isPending={isPending} isDisabled={problem.unknown.length === 0}>
          {t('assets.import.mapApply')}
        </Button>
      </div>
    </form>
  );
}
