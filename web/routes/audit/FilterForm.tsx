import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { isIsoDate } from '../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { ACTIONS, ENTITY_TYPES, type Filters } from './types.ts';

/** 絞り込み: 操作者, 対象の種類, 操作, 期間 (開始日・終了日). Applying puts the filters in the address. */
export function FilterForm({ filters, onApply }: { filters: Filters; onApply: (f: Filters) => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const [actor, setActor] = useState(filters.actor ?? '');
  const [entityType, setEntityType] = useState(filters.entityType ?? '');
  const [action, setAction] = useState(filters.action ?? '');
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const labels = {
    actor: t('audit.filter.actor'),
    entityType: t('audit.filter.entityType'),
    action: t('audit.filter.action'),
    from: t('audit.filter.from'),
    to: t('audit.filter.to'),
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (from && !isIsoDate(from)) problems.push({ field: 'from', message: bi('dateField.invalid') });
    if (to && !isIsoDate(to)) problems.push({ field: 'to', message: bi('dateField.invalid') });
    if (isIsoDate(from) && isIsoDate(to) && from > to)
      problems.push({ field: 'to', message: bi('audit.filter.toBeforeFrom') });
    if (problems.length) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    onApply({ ...filters, actor: actor.trim(), entityType, action, from, to });
  }
  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;
  const other = (list: readonly string[], v: string) => (v && !list.includes(v) ? [{ value: v, label: v }] : []);

  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="audit-filter-title"
      className="no-print flex flex-col gap-5 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
    >
      <h2 id="audit-filter-title" className="text-std-20B-150">
        {t('audit.filter.title')}
      </h2>
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      <div className="grid grid-cols-1 gap-x-6 gap-y-4 lg:grid-cols-3">
        <TextField
          id={fieldId('actor')}
          label={labels.actor}
          help={t('audit.filter.actorHelp')}
          width="full"
          value={actor}
          onChange={setActor}
          maxLength={60}
        />
        <Select
          id={fieldId('entityType')}
          label={labels.entityType}
          help={t('audit.filter.entityTypeHelp')}
          width="full"
          value={entityType}
          onChange={setEntityType}
          options={[
            { value: '', label: t('audit.filter.all') },
            ...ENTITY_TYPES.map((v) => ({ value: v, label: t(`audit.entities.${v}`) })),
            ...other(ENTITY_TYPES, entityType),
          ]}
        />
        <Select
          id={fieldId('action')}
          label={labels.action}
          help={t('audit.filter.actionHelp')}
          width="full"
          value={action}
          onChange={setAction}
          options={[
            { value: '', label: t('audit.filter.all') },
            ...ACTIONS.map((v) => ({ value: v, label: t(`audit.actions.${v}`) })),
            ...other(ACTIONS, action),
          ]}
        />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-std-17B-170">{t('audit.filter.period')}</legend>
        <div className="flex flex-wrap gap-x-8 gap-y-2">
          <DateField id={fieldId('from')} label={labels.from} value={from} onChange={setFrom} error={err('from')} />
          <DateField id={fieldId('to')} label={labels.to} value={to} onChange={setTo} error={err('to')} />
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="primary">
          {t('audit.filter.apply')}
        </Button>
      </div>
    </form>
  );
}
