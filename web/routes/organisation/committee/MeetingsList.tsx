import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, queryString } from '../../../api.ts';
import { DateText, Loaded, useCursorPager } from '../../../components/PageParts.tsx';
import { Pagination } from '../../../components/Pagination.tsx';
import { Table } from '../../../components/Table.tsx';
import { QuorumBadge } from './QuorumBadge.tsx';
import { committeeKeys, type MeetingList, type MeetingSummary } from './types.ts';

const LIMIT = 20;

/** The committee's meetings, newest first, a page at a time. */
export function MeetingsList() {
  const { t } = useTranslation();
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: committeeKeys.meetings(pager.cursor),
    queryFn: () =>
      get<MeetingList>(`/committee/meetings${queryString({ limit: LIMIT, cursor: pager.cursor ?? undefined })}`),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnDef<MeetingSummary, unknown>[] = [
    { header: t('committee.heldOn'), cell: ({ row }) => <DateText iso={row.original.heldOn} /> },
    { header: t('committee.kind'), cell: ({ row }) => t(`committee.kinds.${row.original.kind}`) },
    {
      header: t('committee.meetingTitle'),
      cell: ({ row }) => (
        <Link to={`/organisation/committee/meetings/${encodeURIComponent(row.original.id)}`}>{row.original.title}</Link>
      ),
    },
    {
      header: t('committee.attendance'),
      cell: ({ row }) =>
        t('committee.attendanceCount', {
          attending: row.original.quorum.attendingMembers,
          members: row.original.quorum.members,
        }),
    },
    { header: t('committee.quorumResult'), cell: ({ row }) => <QuorumBadge quorum={row.original.quorum} /> },
    {
      header: t('committee.minutes'),
      cell: ({ row }) => (row.original.hasMinutes ? t('committee.minutesAttached') : t('committee.minutesNone')),
    },
  ];
  return (
    <Loaded query={query}>
      {(data) => (
        <div className="flex flex-col">
          <Table
            caption={t('committee.meetings')}
            captionHidden
            columns={columns}
            data={data.items}
            rowKey={(m) => m.id}
            empty={t('committee.meetingsEmpty')}
          />
          {(data.nextCursor || pager.pageIndex > 0) && (
            <Pagination
              from={pager.pageIndex * LIMIT + 1}
              shown={data.items.length}
              hasPrevious={pager.pageIndex > 0}
              hasNext={!!data.nextCursor}
              onPrevious={pager.previous}
              onNext={() => data.nextCursor && pager.next(data.nextCursor)}
            />
          )}
        </div>
      )}
    </Loaded>
  );
}
