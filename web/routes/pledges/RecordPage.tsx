/**
 * 書面による誓約の記録: an administrator records a pledge signed on paper — the person, the date written on the
 * paper, the version (by default the one in force for the person's audience) and a note (where the paper is kept).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { audienceOf } from '../../../src/modules/pledges/contract.ts';
import { ApiError, type FieldError, get, post, queryClient, queryString } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded, PageSection, useErrorText } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { formatDate, isIsoDate, todayInJapan } from '../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { HistoryTable } from './PledgeParts.tsx';
import { type PersonHistory, type PersonSummary, type PledgeTexts, pledgeKeys, type RecordedPledge } from './types.ts';

function History({ person }: { person: PersonSummary }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: pledgeKeys.history(person.id),
    queryFn: () => get<PersonHistory>(`/pledges/history${queryString({ personId: person.id })}`),
  });
  return (
    <PageSection id="record-history" title={t('pledges.record.historyOf', { name: person.name })}>
      <Loaded query={query}>
        {(h) => <HistoryTable items={h.items} caption={t('pledges.record.historyOf', { name: person.name })} />}
      </Loaded>
    </PageSection>
  );
}

export default function RecordPage() {
  const { t } = useTranslation();
  const msg = useBilingual();
  const lang = useLanguage();
  const errorText = useErrorText();
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [signedOn, setSignedOn] = useState(todayInJapan());
  const [textId, setTextId] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);

  const texts = useQuery({ queryKey: pledgeKeys.texts, queryFn: () => get<PledgeTexts>('/pledges/texts') });
  const audience = person ? audienceOf(person.employmentType) : null;
  const versions = (texts.data?.items ?? []).filter((x) => x.status === 'PUBLISHED' && x.audience === audience);
  const inForce = versions.find((x) => x.inForce);

  const record = useMutation({
    mutationFn: () =>
      post<RecordedPledge>('/pledges/record', {
        personId: person?.id,
        signedOn,
        pledgeTextId: textId || undefined,
        note: note.trim() || null,
      }),
    onSuccess: (p) => {
      setDone(
        t('pledges.record.done', {
          name: person?.name ?? '',
          date: formatDate(p.signedOn, lang),
          version: p.version ?? '',
        }),
      );
      void queryClient.invalidateQueries({ queryKey: pledgeKeys.all });
      setNote('');
      setTextId('');
      setErrors([]);
    },
    onError: (e) => {
      setDone(null);
      setErrors(
        e instanceof ApiError && e.fields.length > 0
          ? e.fields
          : [{ field: 'personId', message: { ja: errorText(e), en: errorText(e) } }],
      );
      setAttempt((n) => n + 1);
    },
  });

  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const labels = {
    personId: t('pledges.record.person'),
    signedOn: t('pledges.record.signedOn'),
    pledgeTextId: t('pledges.record.version'),
    note: t('pledges.note'),
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const problems: FieldError[] = [];
    if (!person) problems.push({ field: 'personId', message: bi('pledges.record.personMissing') });
    if (!isIsoDate(signedOn)) problems.push({ field: 'signedOn', message: bi('dateField.invalid') });
    else if (signedOn > todayInJapan()) problems.push({ field: 'signedOn', message: bi('pledges.record.future') });
    if (problems.length) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    record.mutate();
  }
  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;

  return (
    <div className="flex flex-col gap-8">
      <p className="text-std-16N-170">{t('pledges.record.lead')}</p>
      {done && <NotificationBanner kind="success">{done}</NotificationBanner>}
      <form noValidate onSubmit={submit} className="flex flex-col gap-6">
        <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
        <PersonPicker
          id={fieldId('personId')}
          label={labels.personId}
          help={t('pledges.record.personHelp')}
          value={person}
          onChange={(p) => {
            setPerson(p);
            setTextId('');
            // A person chosen answers the error about choosing one.
            if (p) setErrors((list) => list.filter((x) => x.field !== 'personId'));
          }}
          error={err('personId')}
        />
        {person && (
          <p className="-mt-3 text-std-16N-170 text-solid-gray-800">
            {t('pledges.record.audienceIs', { audience: t(`pledges.audiences.${audienceOf(person.employmentType)}`) })}
          </p>
        )}
        <DateField
          id={fieldId('signedOn')}
          label={labels.signedOn}
          required
          help={t('pledges.record.signedOnHelp')}
          value={signedOn}
          onChange={setSignedOn}
          error={err('signedOn')}
        />
        <Select
          id={fieldId('pledgeTextId')}
          label={labels.pledgeTextId}
          help={t('pledges.record.versionHelp')}
          value={textId}
          onChange={setTextId}
          error={err('pledgeTextId')}
          options={[
            {
              value: '',
              label: inForce
                ? t('pledges.record.versionInForce', { version: inForce.version })
                : t('pledges.record.versionDefault'),
            },
            ...versions
              .filter((v) => !v.inForce)
              .map((v) => ({
                value: v.id,
                label: t('pledges.record.versionOld', { version: v.version, title: v.title }),
              })),
          ]}
        />
        <TextArea
          id={fieldId('note')}
          label={labels.note}
          help={t('pledges.record.noteHelp')}
          rows={3}
          value={note}
          onChange={setNote}
          error={err('note')}
          maxLength={500}
        />
        <div>
          <Button type="submit" isPending={record.isPending}>
            {t('pledges.record.submit')}
          </Button>
        </div>
      </form>
      {person && <History person={person} />}
    </div>
  );
}
