/**
 * One meeting of the committee: date, kind, quorum verdict, attendance of the members on that date, agenda,
 * decisions, and the minutes (PDF, Word or Excel) to download or attach.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { get, may, queryClient, upload, useMe } from '../../../api.ts';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';
import { Button } from '../../../components/Button.tsx';
import { ErrorText, helpClass, labelClass, RequirementMarker } from '../../../components/Field.tsx';
import { ErrorIcon, SuccessIcon } from '../../../components/Icons.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, Facts, InstantText, Loaded, PageSection, useErrorText } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Table } from '../../../components/Table.tsx';
import { usePageTitle } from '../../../lib/page.tsx';
import { QuorumBadge } from './QuorumBadge.tsx';
import { committeeKeys, type Meeting } from './types.ts';

type MemberRow = Meeting['members'][number];

const KB = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 1 });
const fileSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${KB.format(bytes / 1024 / 1024)} MB` : `${KB.format(Math.max(1, bytes / 1024))} KB`;

function MinutesUpload({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const send = useMutation({
    mutationFn: (file: File) => upload<Meeting>(`/committee/meetings/${encodeURIComponent(meeting.id)}/minutes`, file),
    onSuccess: (data) => {
      queryClient.setQueryData(committeeKeys.meeting(meeting.id), data);
      void queryClient.invalidateQueries({ queryKey: ['committee', 'meetings'] });
      setDone(true);
      if (input.current) input.current.value = '';
    },
    onError: (e) => {
      setError(errorText(e));
      input.current?.focus();
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const file = input.current?.files?.[0];
    if (!file) {
      setError(t('committee.minutesMissing'));
      input.current?.focus();
      return;
    }
    setError(null);
    send.mutate(file);
  }
  return (
    <form noValidate onSubmit={submit} className="no-print flex flex-col gap-3">
      {done && <NotificationBanner kind="success">{t('committee.minutesUploaded')}</NotificationBanner>}
      <label htmlFor={inputId} className={labelClass}>
        {meeting.minutes ? t('committee.minutesReplace') : t('committee.minutesFile')}
        <RequirementMarker required />
      </label>
      <span id={helpId} className={helpClass}>
        {t('committee.minutesHelp')}
      </span>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept=".pdf,.docx,.xlsx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-describedby={error ? `${helpId} ${errorId}` : helpId}
        aria-invalid={error ? true : undefined}
        className="w-full max-w-[36rem] cursor-pointer rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-base file:mr-4 file:cursor-pointer file:rounded-6 file:border-2 file:border-blue-900 file:bg-white file:px-4 file:py-2 file:font-bold file:text-blue-900"
      />
      {error && <ErrorText id={errorId}>{error}</ErrorText>}
      <div>
        <Button type="submit" variant="secondary" isPending={send.isPending}>
          {t('committee.minutesUpload')}
        </Button>
      </div>
    </form>
  );
}

function MeetingView({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const canManage = may(me ?? undefined, 'committee_meeting', 'manage');
  const others = meeting.attendees.filter((a) => !a.isMember);

  const memberColumns: ColumnDef<MemberRow, unknown>[] = [
    { header: t('committee.memberName'), cell: ({ row }) => <span className="font-bold">{row.original.name}</span> },
    { header: t('committee.memberTitle'), cell: ({ row }) => row.original.title || '—' },
    { header: t('committee.memberBasis'), cell: ({ row }) => row.original.basis },
    {
      header: t('committee.presence'),
      cell: ({ row }) =>
        row.original.attended ? (
          <span className="inline-flex items-center gap-1 font-bold text-green-1000">
            <SuccessIcon size={18} />
            {t('committee.present')}
          </span>
        ) : (
          <span className="inline-flex items-center gap-1 text-solid-gray-800">
            <ErrorIcon size={18} />
            {t('committee.absent')}
          </span>
        ),
    },
  ];

  return (
    <div className="flex max-w-[64rem] flex-col gap-8">
      <div>
        <Breadcrumb
          items={[
            { label: t('organisation.title'), href: '/organisation' },
            { label: t('committee.title'), href: '/organisation/committee' },
            { label: meeting.title },
          ]}
        />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <p className="text-std-16B-170 text-solid-gray-700">{meeting.committee.name}</p>
            <h1 className="text-std-32B-150 text-solid-gray-900">{meeting.title}</h1>
          </div>
          <PrintButton />
        </div>
      </div>
      {created && <NotificationBanner kind="success">{t('committee.meetingCreated')}</NotificationBanner>}

      <Facts
        items={[
          { label: t('committee.heldOn'), value: <DateText iso={meeting.heldOn} /> },
          { label: t('committee.kind'), value: t(`committee.kinds.${meeting.kind}`) },
          { label: t('committee.quorumResult'), value: <QuorumBadge quorum={meeting.quorum} detailed /> },
          { label: t('committee.quorum'), value: t(`committee.quorumRule.${meeting.quorum.rule}`) },
        ]}
      />

      <PageSection id="meeting-attendance" title={t('committee.attendanceTitle')} lead={t('committee.attendanceLead')}>
        <Table
          caption={t('committee.membersOnDay')}
          captionHidden
          columns={memberColumns}
          data={meeting.members}
          rowKey={(m) => m.personId}
          empty={t('committee.membersEmpty')}
        />
        {others.length > 0 && (
          <div className="flex flex-col gap-1">
            <h3 className="text-std-17B-170">{t('committee.otherAttendees')}</h3>
            <ul className="list-disc pl-6">
              {others.map((a) => (
                <li key={a.personId}>
                  {a.name}
                  {a.title && `　${a.title}`}
                  {a.unitPath && `（${a.unitPath}）`}
                </li>
              ))}
            </ul>
          </div>
        )}
      </PageSection>

      <PageSection id="meeting-agenda" title={t('committee.agenda')}>
        {meeting.agenda.length === 0 ? (
          <p className="text-std-16N-170 text-solid-gray-700">{t('committee.agendaEmpty')}</p>
        ) : (
          <ol className="flex list-decimal flex-col gap-3 pl-8">
            {meeting.agenda.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: agenda items have no id; their order is their identity
              <li key={i} className="text-std-16N-170">
                <span className="font-bold">{a.title}</span>
                {a.note && <p className="whitespace-pre-wrap text-solid-gray-800">{a.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </PageSection>

      <PageSection id="meeting-decisions" title={t('committee.decisions')}>
        {meeting.decisions ? (
          <p className="whitespace-pre-wrap rounded-8 border border-solid-gray-200 px-5 py-4 text-std-16N-170">
            {meeting.decisions}
          </p>
        ) : (
          <p className="text-std-16N-170 text-solid-gray-700">{t('committee.decisionsEmpty')}</p>
        )}
      </PageSection>

      <PageSection id="meeting-minutes" title={t('committee.minutes')}>
        {meeting.minutes ? (
          <div className="flex flex-wrap items-center gap-4 rounded-8 bg-solid-gray-50 px-5 py-4">
            <a
              href={`/api/v1/committee/meetings/${encodeURIComponent(meeting.id)}/minutes`}
              download
              className="text-std-16B-170"
            >
              {t('committee.minutesDownload', { name: meeting.minutes.originalName })}
            </a>
            <span className="text-std-16N-170 text-solid-gray-800">
              {fileSize(meeting.minutes.size)}　{t('committee.minutesAttachedAt')}
              <InstantText instant={meeting.minutes.createdAt} />
            </span>
          </div>
        ) : (
          <p className="text-std-16N-170 text-solid-gray-700">{t('committee.minutesNotYet')}</p>
        )}
        {canManage && <MinutesUpload meeting={meeting} />}
      </PageSection>
    </div>
  );
}

export default function MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: committeeKeys.meeting(id),
    queryFn: () => get<Meeting>(`/committee/meetings/${encodeURIComponent(id)}`),
  });
  usePageTitle(query.data ? `${query.data.title}（${t('committee.title')}）` : t('committee.meeting'));
  return <Loaded query={query}>{(meeting) => <MeetingView meeting={meeting} />}</Loaded>;
}
