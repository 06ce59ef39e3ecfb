/**
 * 無断持ち出しの記録: a carry-out found afterwards that had no permission (基本方針 3(2) names 無断持ち出し as a
 * threat) is recorded as a fact — when, who, where or why, how it came to light — with the return date by which it
 * becomes overdue. Offered to those who keep the asset (the server's rule: record and manage the asset); the
 * server then treats it as any unpermitted or overdue carry-out in its findings.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_CLAUSES } from '../../../../src/domain/assets/lifecycle.ts';
import { ApiError, type FieldError, post } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { useErrorText } from '../../../components/PageParts.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { errorsByField, summaryItems } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { PersonPicker } from '../../pledges/PersonPicker.tsx';
import type { PersonSummary } from '../../pledges/types.ts';
import { toIsoDate, WarekiDateField } from '../DateInput.tsx';
import type { AssetDetail } from '../types.ts';
import { isTime, japanInstant, type RecordedEvent } from './types.ts';

/** Field names as the server sends them, prefixed so that they never clash with the ordinary form's fields. */
const PREFIX = 'unauthorised-';
const idOf = (field: string) => `field-${PREFIX}${field}`;

const OPENER = 'unauthorised-open';

const blank = () => ({ date: '', time: '', destination: '', expectedReturnOn: '', reason: '' });

function Fields({ asset, onDone, onCancel }: Props & { onCancel: () => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [v, setV] = useState(blank);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const set = (k: keyof ReturnType<typeof blank>) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const k = (key: string) => t(`assets.lifecycle.unauthorised.${key}`);
  useEffect(() => document.getElementById(idOf('at'))?.focus(), []);

  const save = useMutation({
    mutationFn: () =>
      post<RecordedEvent>(`/assets/${asset.id}/events`, {
        action: 'CARRY',
        unauthorised: true,
        at: japanInstant(toIsoDate(v.date), v.time.trim() || '00:00'),
        // Unknown is recorded as unknown: without this the server would name the recorder.
        performedBy: person?.id ?? null,
        destination: v.destination.trim() || undefined,
        expectedReturnOn: toIsoDate(v.expectedReturnOn),
        reason: v.reason.trim(),
      }),
    onSuccess: async (event) => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      onDone(
        k('recorded'),
        event.warnings.filter((w) => w.field !== 'encrypted').map((w) => msg(w.message)),
      );
    },
    onError: (e) => {
      setAttempt((n) => n + 1);
      setErrors(e instanceof ApiError ? e.fields.map((f) => ({ ...f, field: `${PREFIX}${f.field}` })) : []);
    },
  });

  const labels: Record<string, string> = {
    [`${PREFIX}at`]: k('date'),
    [`${PREFIX}time`]: t('assets.lifecycle.time'),
    [`${PREFIX}performedBy`]: k('who'),
    [`${PREFIX}destination`]: k('destination'),
    [`${PREFIX}expectedReturnOn`]: t('assets.lifecycle.expectedReturn'),
    [`${PREFIX}reason`]: k('reason'),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: FieldError[] = [];
    const need = (field: string, ok: boolean, text: string) =>
      ok || local.push({ field: `${PREFIX}${field}`, message: { ja: text, en: text } });
    need('at', toIsoDate(v.date) !== '', t('assets.lifecycle.dateMissing'));
    need('time', v.time.trim() === '' || isTime(v.time), t('assets.lifecycle.timeMissing'));
    need('expectedReturnOn', toIsoDate(v.expectedReturnOn) !== '', k('returnMissing'));
    need('reason', v.reason.trim() !== '', k('reasonMissing'));
    setErrors(local);
    if (local.length) {
      setAttempt((n) => n + 1);
      return;
    }
    save.mutate();
  };
  const byField = errorsByField(errors);
  const err = (f: string) => (byField.get(`${PREFIX}${f}`) ? msg(byField.get(`${PREFIX}${f}`)) : undefined);
  const general = save.error && !(save.error instanceof ApiError && save.error.fields.length) ? save.error : null;

  return (
    <form noValidate onSubmit={submit} aria-labelledby="unauthorised-title" className="flex flex-col gap-5">
      <h3 id="unauthorised-title" className="text-std-20B-150 text-solid-gray-900">
        {k('title')}
      </h3>
      <p className="text-std-16N-170">{k('lead')}</p>
      <p className="text-dns-14N-130 text-solid-gray-800">
        {t('assets.lifecycle.clause', {
          source: `${LIFECYCLE_CLAUSES.THREAT.document}　${LIFECYCLE_CLAUSES.THREAT.ref}`,
          summary: LIFECYCLE_CLAUSES.THREAT.summary,
        })}
      </p>
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      {general && (
        <NotificationBanner kind="error" title={t('assets.lifecycle.failed')}>
          {errorText(general)}
        </NotificationBanner>
      )}
      <div className="flex flex-wrap items-start gap-6">
        <WarekiDateField
          id={idOf('at')}
          label={k('date')}
          required
          value={v.date}
          onChange={set('date')}
          error={err('at')}
        />
        <TextField
          id={idOf('time')}
          label={t('assets.lifecycle.time')}
          width="xs"
          inputMode="numeric"
          maxLength={5}
          help={k('timeHelp')}
          value={v.time}
          onChange={set('time')}
          error={err('time')}
        />
      </div>
      <PersonPicker
        id={idOf('performedBy')}
        label={k('who')}
        help={k('whoHelp')}
        value={person}
        onChange={setPerson}
        error={err('performedBy')}
      />
      <TextField
        id={idOf('destination')}
        label={k('destination')}
        help={k('destinationHelp')}
        maxLength={200}
        value={v.destination}
        onChange={set('destination')}
        error={err('destination')}
      />
      <WarekiDateField
        id={idOf('expectedReturnOn')}
        label={t('assets.lifecycle.expectedReturn')}
        required
        help={k('returnHelp')}
        value={v.expectedReturnOn}
        onChange={set('expectedReturnOn')}
        error={err('expectedReturnOn')}
      />
      <TextArea
        id={idOf('reason')}
        label={k('reason')}
        required
        rows={3}
        maxLength={500}
        help={k('reasonHelp')}
        value={v.reason}
        onChange={set('reason')}
        error={err('reason')}
      />
      <div className="flex flex-wrap gap-4">
        <Button type="submit" isPending={save.isPending}>
          {k('submit')}
        </Button>
        <Button variant="tertiary" onPress={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

interface Props {
  asset: AssetDetail;
  onDone: (message: string, warnings: string[]) => void;
}

/** Closed by default behind one secondary button: most visits record ordinary handling, not a breach. */
export function UnauthorisedCarryForm({ asset, onDone }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    requestAnimationFrame(() => document.getElementById(OPENER)?.focus());
  };
  if (!open)
    return (
      <div className="no-print">
        <Button id={OPENER} variant="secondary" aria-expanded={false} onPress={() => setOpen(true)}>
          {t('assets.lifecycle.unauthorised.open')}
        </Button>
      </div>
    );
  return (
    <div className="no-print rounded-8 border-2 border-red-900 bg-white px-6 py-5">
      <Fields
        asset={asset}
        onCancel={close}
        onDone={(message, warnings) => {
          setOpen(false);
          onDone(message, warnings);
        }}
      />
    </div>
  );
}

/** The mark on a 無断持ち出し record, in words and an icon (never colour alone). */
export function UnauthorisedBadge() {
  const { t } = useTranslation();
  return (
    <span
      data-unauthorised
      className="inline-flex items-center rounded-6 border border-red-900 bg-red-50 px-2 py-0.5 text-dns-14B-130 text-red-1000"
    >
      ⚠ {t('assets.lifecycle.unauthorised.badge')}
    </span>
  );
}
