/**
 * 委員会: the tenant's own committee (e.g. 青葉町情報セキュリティ委員会) — its chair (the CISO), members by office or
 * appointment with their basis, how it decides (定足数, 議決の方法), and its meeting records.
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, may, useMe } from '../../../api.ts';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Facts, Loaded, PageSection } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Table } from '../../../components/Table.tsx';
import { formatDate } from '../../../lib/dates.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../../lib/page.tsx';
import { MeetingsList } from './MeetingsList.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { type Committee, committeeKeys, type MemberRow, membersByPerson } from './types.ts';

function Members({ rows }: { rows: MemberRow[] }) {
  const { t } = useTranslation();
  const columns: ColumnDef<MemberRow, unknown>[] = [
    {
      header: t('committee.memberName'),
      cell: ({ row }) => (
        <span className="font-bold">
          {row.original.name}
          {row.original.isChair && (
            <span className="ml-2 inline-block rounded-4 border border-blue-900 px-1.5 text-dns-14B-130 text-blue-1000">
              {t('committee.chairMark')}
            </span>
          )}
        </span>
      ),
    },
    { header: t('committee.memberTitle'), cell: ({ row }) => row.original.title || '—' },
    {
      header: t('committee.memberBasis'),
      cell: ({ row }) => (
        <ul className="flex flex-col">
          {row.original.bases.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <Table
      caption={t('committee.membersCaption', { count: rows.length })}
      columns={columns}
      data={rows}
      rowKey={(m) => m.personId}
      empty={t('committee.membersEmpty')}
    />
  );
}

function CommitteeView({ committee }: { committee: Committee }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const canEdit = may(me ?? undefined, 'committee', 'update');
  const canReadMeetings = may(me ?? undefined, 'committee_meeting', 'read');
  const canManageMeetings = may(me ?? undefined, 'committee_meeting', 'manage');
  const rows = membersByPerson(committee.members);

  return (
    <div className="flex max-w-[64rem] flex-col gap-8">
      <div>
        <Breadcrumb
          items={[{ label: t('organisation.title'), href: '/organisation' }, { label: t('committee.title') }]}
        />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <p className="text-std-16B-170 text-solid-gray-700">{t('committee.title')}</p>
            <h1 className="text-std-32B-150 text-solid-gray-900">{committee.name}</h1>
          </div>
          <PrintButton />
        </div>
        <p className="mt-2 text-std-16N-170">{t('committee.lead')}</p>
        <p className="mt-1 text-std-16N-170 text-solid-gray-700">
          {t('committee.asOf', { date: formatDate(committee.on, lang) })}
        </p>
      </div>

      <PageSection id="committee-composition" title={t('committee.composition')} lead={t('committee.compositionLead')}>
        <Facts
          items={[
            {
              label: t('committee.chair'),
              value: committee.chair ? (
                <>
                  <span className="font-bold">{committee.chair.name}</span>
                  {committee.chair.title && <>　{committee.chair.title}</>}
                  <span className="block text-solid-gray-700">{t('committee.chairBasis')}</span>
                </>
              ) : (
                <span className="font-bold text-red-900">{t('committee.vacant')}</span>
              ),
            },
            { label: t('committee.memberCount'), value: t('committee.people', { count: rows.length }) },
          ]}
        />
        {!committee.chair && (
          <NotificationBanner kind="warning" live={false}>
            {t('committee.noChair')}
          </NotificationBanner>
        )}
        <Members rows={rows} />
      </PageSection>

      <PageSection
        id="committee-rules"
        title={t('committee.rules')}
        lead={t('committee.rulesLead')}
        actions={
          canEdit && !editing ? (
            <Button
              variant="secondary"
              size="sm"
              onPress={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t('committee.editRules')}
            </Button>
          ) : undefined
        }
      >
        {saved && <NotificationBanner kind="success">{t('committee.saved')}</NotificationBanner>}
        {editing ? (
          <SettingsForm
            committee={committee}
            onDone={(didSave) => {
              setEditing(false);
              setSaved(didSave);
            }}
          />
        ) : (
          <Facts
            items={[
              { label: t('committee.name'), value: committee.name },
              { label: t('committee.quorum'), value: t(`committee.quorumRule.${committee.quorum}`) },
              { label: t('committee.decisionMode'), value: t(`committee.decision.${committee.decisionMode}`) },
            ]}
          />
        )}
      </PageSection>

      {canReadMeetings && (
        <PageSection
          id="committee-meetings"
          title={t('committee.meetings')}
          lead={t('committee.meetingsLead')}
          actions={
            canManageMeetings ? (
              <ButtonLink to="/organisation/committee/meetings/new" variant="primary" size="sm">
                {t('committee.newMeeting')}
              </ButtonLink>
            ) : undefined
          }
        >
          <MeetingsList />
        </PageSection>
      )}
    </div>
  );
}

export default function CommitteePage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: committeeKeys.committee, queryFn: () => get<Committee>('/committee') });
  usePageTitle(query.data?.name ?? t('committee.title'));
  return <Loaded query={query}>{(committee) => <CommitteeView committee={committee} />}</Loaded>;
}
