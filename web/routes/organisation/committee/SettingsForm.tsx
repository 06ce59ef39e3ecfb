import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError, keys, patch, queryClient } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { useErrorText } from '../../../components/PageParts.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { errorsByField, fieldId, summaryItems } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { type Committee, committeeKeys } from './types.ts';

const QUORUMS = ['MAJORITY', 'TWO_THIRDS'] as const;
const DECISIONS = ['VOTE', 'CHAIR'] as const;

/** 名称・定足数・議決の方法 (PATCH /committee); the name is the tenant's own and appears on documents. */
export function SettingsForm({ committee, onDone }: { committee: Committee; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [name, setName] = useState(committee.name);
  const [quorum, setQuorum] = useState(committee.quorum);
  const [decisionMode, setDecisionMode] = useState(committee.decisionMode);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  const save = useMutation({
    mutationFn: () => patch<Committee>('/committee', { name, quorum, decisionMode }),
    onSuccess: (data) => {
      queryClient.setQueryData(committeeKeys.committee, data);
      void queryClient.invalidateQueries({ queryKey: ['committee'] });
      // The committee's name is also the tenant's (shown in the header).
      void queryClient.invalidateQueries({ queryKey: keys.me });
      onDone(true);
    },
    onError: (e) => {
      setErrors(
        e instanceof ApiError && e.fields.length > 0
          ? e.fields
          : [{ field: 'name', message: { ja: errorText(e), en: errorText(e) } }],
      );
      setAttempt((n) => n + 1);
    },
  });

  const labels = {
    name: t('committee.name'),
    quorum: t('committee.quorum'),
    decisionMode: t('committee.decisionMode'),
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors([
        {
          field: 'name',
          message: { ja: t('committee.nameMissing', { lng: 'ja' }), en: t('committee.nameMissing', { lng: 'en' }) },
        },
      ]);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    save.mutate();
  }
  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-6 rounded-8 border border-solid-gray-200 px-6 py-5">
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      <TextField
        id={fieldId('name')}
        label={labels.name}
        required
        help={t('committee.nameHelp')}
        value={name}
        onChange={setName}
        error={err('name')}
        maxLength={60}
      />
      <RadioGroup
        id={fieldId('quorum')}
        label={labels.quorum}
        required
        value={quorum}
        onChange={setQuorum}
        error={err('quorum')}
        options={QUORUMS.map((q) => ({
          value: q,
          label: t(`committee.quorumRule.${q}`),
          description: t(`committee.quorumHelp.${q}`),
        }))}
      />
      <RadioGroup
        id={fieldId('decisionMode')}
        label={labels.decisionMode}
        required
        value={decisionMode}
        onChange={setDecisionMode}
        error={err('decisionMode')}
        options={DECISIONS.map((d) => ({ value: d, label: t(`committee.decision.${d}`) }))}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" isPending={save.isPending}>
          {t('common.save')}
        </Button>
        <Button variant="secondary" onPress={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
