/**
 * 開催記録の登録: date (和暦 read back), 定例/臨時, title, attendees picked from the members, agenda items and
 * decisions. Whether the meeting is quorate is shown as attendees are ticked; the server records its own verdict
 * against the members on the meeting date.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { MEETING_KINDS, type MeetingKind } from '../../../../src/modules/organisation/meetings.contract.ts';
import { ApiError, type FieldError, get, post, queryClient } from '../../../api.ts';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { helpClass, labelClass, RequirementMarker } from '../../../components/Field.tsx';
import { Loaded, useErrorText } from '../../../components/PageParts.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { isIsoDate, todayInJapan } from '../../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../../lib/page.tsx';
import { QuorumBadge } from './QuorumBadge.tsx';
import { type Committee, committeeKeys, type Meeting, membersByPerson, previewQuorum } from './types.ts';

interface AgendaRow {
  key: number;
  title: string;
  note: string;
}

let nextKey = 1;
const newRow = (): AgendaRow => ({ key: nextKey++, title: '', note: '' });

function MeetingForm({ committee }: { committee: Committee }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [heldOn, setHeldOn] = useState(todayInJapan());
  const [kind, setKind] = useState<MeetingKind>('REGULAR');
  const [title, setTitle] = useState('');
  const [attendees, setAttendees] = useState<Set<string>>(new Set());
  const [agenda, setAgenda] = useState<AgendaRow[]>([newRow()]);
  const [decisions, setDecisions] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);

  // One entry per person (a person holding two seats counts once), the chair first.
  const members = membersByPerson(committee.members);
  const quorum = previewQuorum(
    committee.quorum,
    members.length,
    members.filter((m) => attendees.has(m.personId)).length,
  );

  const rows = agenda.filter((a) => a.title.trim() || a.note.trim());
  const create = useMutation({
    mutationFn: () =>
      post<Meeting>('/committee/meetings', {
        heldOn,
        kind,
        title: title.trim(),
        attendeeIds: [...attendees],
        agenda: rows.map((a) => ({ title: a.title.trim(), note: a.note.trim() || null })),
        decisions: decisions.trim() || undefined,
      }),
    onSuccess: (meeting) => {
      void queryClient.invalidateQueries({ queryKey: ['committee'] });
      queryClient.setQueryData(committeeKeys.meeting(meeting.id), meeting);
      navigate(`/organisation/committee/meetings/${encodeURIComponent(meeting.id)}`, { state: { created: true } });
    },
    onError: (e) => {
      setErrors(
        e instanceof ApiError && e.fields.length > 0
          ? e.fields
          : [{ field: 'title', message: { ja: errorText(e), en: errorText(e) } }],
      );
      setAttempt((n) => n + 1);
    },
  });

  const bi = (key: string, opts: Record<string, unknown> = {}) => ({
    ja: t(key, { ...opts, lng: 'ja' }),
    en: t(key, { ...opts, lng: 'en' }),
  });
  const labels: Record<string, string> = {
    heldOn: t('committee.heldOn'),
    kind: t('committee.kind'),
    title: t('committee.meetingTitle'),
    attendeeIds: t('committee.attendees'),
    decisions: t('committee.decisions'),
  };
  agenda.forEach((_, i) => {
    labels[`agenda.${i}.title`] = t('committee.agendaTitleN', { n: i + 1 });
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!isIsoDate(heldOn)) problems.push({ field: 'heldOn', message: bi('dateField.invalid') });
    if (!title.trim()) problems.push({ field: 'title', message: bi('committee.titleMissing') });
    rows.forEach((a) => {
      if (!a.title.trim()) {
        const i = agenda.indexOf(a);
        problems.push({ field: `agenda.${i}.title`, message: bi('committee.agendaTitleMissing', { n: i + 1 }) });
      }
    });
    if (problems.length > 0) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    create.mutate();
  }
  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;
  // Agenda errors from the server are numbered over the rows sent (empty rows are not sent).
  const agendaErr = (i: number) => {
    const sentIndex = rows.indexOf(agenda[i]);
    return err(`agenda.${i}.title`) ?? (sentIndex >= 0 ? err(`agenda.${sentIndex}.title`) : undefined);
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-8">
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      <DateField
        id={fieldId('heldOn')}
        label={labels.heldOn}
        required
        value={heldOn}
        onChange={setHeldOn}
        error={err('heldOn')}
      />
      <RadioGroup
        id={fieldId('kind')}
        label={labels.kind}
        required
        value={kind}
        onChange={(v) => setKind(v as MeetingKind)}
        error={err('kind')}
        options={MEETING_KINDS.map((k) => ({ value: k, label: t(`committee.kinds.${k}`) }))}
      />
      <TextField
        id={fieldId('title')}
        label={labels.title}
        required
        help={t('committee.meetingTitleHelp')}
        value={title}
        onChange={setTitle}
        error={err('title')}
        maxLength={100}
      />

      <fieldset id={fieldId('attendeeIds')} className="flex flex-col gap-2" aria-describedby="attendees-help">
        <legend className={labelClass}>
          {labels.attendeeIds}
          <RequirementMarker required={false} />
        </legend>
        <span id="attendees-help" className={helpClass}>
          {t('committee.attendeesHelp')}
        </span>
        {members.length === 0 ? (
          <p className="text-std-16N-170">{t('committee.membersEmpty')}</p>
        ) : (
          <ul className="flex flex-col">
            {members.map((m) => (
              <li key={m.personId}>
                <Checkbox
                  id={`attendee-${m.personId}`}
                  isSelected={attendees.has(m.personId)}
                  onChange={(on) =>
                    setAttendees((prev) => {
                      const next = new Set(prev);
                      if (on) next.add(m.personId);
                      else next.delete(m.personId);
                      return next;
                    })
                  }
                >
                  <span className="font-bold">{m.name}</span>
                  <span className="text-solid-gray-800">
                    {m.title ? `　${m.title}` : ''}　（{m.isChair ? t('committee.chairMark') : m.bases.join('、')}）
                  </span>
                </Checkbox>
              </li>
            ))}
          </ul>
        )}
        {err('attendeeIds') && <p className="text-std-16B-170 text-red-900">{err('attendeeIds')}</p>}
        <div aria-live="polite" className="mt-2 flex flex-col gap-1 rounded-8 bg-solid-gray-50 px-5 py-3">
          <span className="text-std-16B-170">{t('committee.quorumPreview')}</span>
          <QuorumBadge quorum={quorum} detailed />
          <span className="text-dns-14N-130 text-solid-gray-700">{t('committee.quorumPreviewNote')}</span>
        </div>
      </fieldset>

      <fieldset className="flex flex-col gap-4">
        <legend className={labelClass}>
          {t('committee.agenda')}
          <RequirementMarker required={false} />
        </legend>
        <span className={helpClass}>{t('committee.agendaHelp')}</span>
        <ol className="flex flex-col gap-4">
          {agenda.map((a, i) => (
            <li key={a.key} className="flex flex-col gap-3 rounded-8 border border-solid-gray-200 px-5 py-4">
              <div className="flex flex-wrap items-end gap-4">
                <TextField
                  id={fieldId(`agenda.${i}.title`)}
                  label={t('committee.agendaTitleN', { n: i + 1 })}
                  hideMarker
                  value={a.title}
                  onChange={(v) => setAgenda((list) => list.map((x) => (x.key === a.key ? { ...x, title: v } : x)))}
                  error={agendaErr(i)}
                  maxLength={200}
                  className="min-w-[20rem] flex-1"
                />
                {agenda.length > 1 && (
                  <Button
                    variant="tertiary"
                    size="sm"
                    onPress={() => setAgenda((list) => list.filter((x) => x.key !== a.key))}
                  >
                    {t('committee.agendaRemove', { n: i + 1 })}
                  </Button>
                )}
              </div>
              <TextArea
                id={fieldId(`agenda.${i}.note`)}
                label={t('committee.agendaNoteN', { n: i + 1 })}
                rows={2}
                value={a.note}
                onChange={(v) => setAgenda((list) => list.map((x) => (x.key === a.key ? { ...x, note: v } : x)))}
                maxLength={2000}
              />
            </li>
          ))}
        </ol>
        <div>
          <Button variant="secondary" size="sm" onPress={() => setAgenda((list) => [...list, newRow()])}>
            {t('committee.agendaAdd')}
          </Button>
        </div>
      </fieldset>

      <TextArea
        id={fieldId('decisions')}
        label={labels.decisions}
        help={t('committee.decisionsHelp')}
        rows={5}
        value={decisions}
        onChange={setDecisions}
        error={err('decisions')}
        maxLength={20000}
      />

      <div className="flex flex-wrap gap-3">
        <Button type="submit" isPending={create.isPending}>
          {t('committee.register')}
        </Button>
        <ButtonLink to="/organisation/committee" variant="secondary" size="md">
          {t('common.cancel')}
        </ButtonLink>
      </div>
    </form>
  );
}

export default function NewMeetingPage() {
  const { t } = useTranslation();
  usePageTitle(t('committee.newMeetingTitle'));
  const query = useQuery({ queryKey: committeeKeys.committee, queryFn: () => get<Committee>('/committee') });
  return (
    <div className="flex max-w-[56rem] flex-col gap-6">
      <div>
        <Breadcrumb
          items={[
            { label: t('organisation.title'), href: '/organisation' },
            { label: t('committee.title'), href: '/organisation/committee' },
            { label: t('committee.newMeetingTitle') },
          ]}
        />
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('committee.newMeetingTitle')}</h1>
        <p className="mt-2 text-std-16N-170">{t('committee.newMeetingLead')}</p>
      </div>
      <Loaded query={query}>{(committee) => <MeetingForm committee={committee} />}</Loaded>
    </div>
  );
}
