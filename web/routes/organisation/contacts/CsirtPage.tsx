/**
 * CSIRT体制: the team the CISO set up to receive and handle incidents — its 責任者 and 要員, with their contacts.
 * A missing 責任者 shows as 「（未任命）」 with a way to the appointments.
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, Loaded } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Table } from '../../../components/Table.tsx';
import { usePageTitle } from '../../../lib/page.tsx';
import { EmailText, useRoleName } from './RoleName.tsx';
import { type ContactEntry, type CsirtRoster, contactKeys } from './types.ts';

function Roster({ data }: { data: CsirtRoster }) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const vacantLead: ContactEntry = {
    role: 'CSIRT_LEAD',
    roleLabel: '',
    unitId: null,
    unitPath: '',
    personId: null,
    name: '',
    kana: '',
    title: '',
    phone: null,
    email: null,
    mobile: null,
    delegation: false,
    vacant: true,
  };
  const rows = [data.lead ?? vacantLead, ...data.members];
  const columns: ColumnDef<ContactEntry, unknown>[] = [
    {
      header: t('committee.contacts.col.role'),
      cell: ({ row }) => <span className="whitespace-nowrap">{roleName(row.original.role)}</span>,
    },
    {
      header: t('committee.contacts.col.name'),
      cell: ({ row }) =>
        row.original.vacant ? (
          <span className="font-bold text-red-900">{t('committee.contacts.vacant')}</span>
        ) : (
          <span className="flex flex-col leading-150 whitespace-nowrap">
            <span className="font-bold">
              {row.original.name}
              {row.original.delegation && <span className="font-normal">{t('committee.contacts.delegation')}</span>}
            </span>
            <span className="text-dns-14N-130 text-solid-gray-700">{row.original.kana}</span>
          </span>
        ),
    },
    {
      header: t('committee.contacts.col.title'),
      cell: ({ row }) => <span className="whitespace-nowrap">{row.original.title || ''}</span>,
    },
    { header: t('committee.contacts.col.unit'), cell: ({ row }) => row.original.unitPath || '' },
    {
      header: t('committee.contacts.col.phone'),
      cell: ({ row }) => <span className="whitespace-nowrap">{row.original.phone ?? ''}</span>,
    },
    {
      header: t('committee.contacts.col.mobile'),
      cell: ({ row }) => <span className="whitespace-nowrap">{row.original.mobile ?? ''}</span>,
    },
    {
      header: t('committee.contacts.col.email'),
      cell: ({ row }) =>
        row.original.email ? (
          <a href={`mailto:${row.original.email}`}>
            <EmailText email={row.original.email} />
          </a>
        ) : (
          ''
        ),
    },
  ];
  return (
    <div className="flex flex-col gap-4">
      <p className="text-std-16N-170 text-solid-gray-800">
        {t('committee.contacts.asOf')}
        <DateText iso={data.on} />
      </p>
      {!data.lead && (
        <NotificationBanner kind="warning" live={false}>
          {t('committee.contacts.noLead')}{' '}
          <Link to="/organisation/appointments">{t('committee.contacts.toAppointments')}</Link>
        </NotificationBanner>
      )}
      <Table
        caption={t('committee.contacts.csirtCaption', { count: rows.filter((r) => !r.vacant).length })}
        columns={columns}
        data={rows}
        rowKey={(r) => `${r.role}:${r.personId ?? 'vacant'}`}
      />
      {data.members.length === 0 && (
        <p className="text-std-16N-170 text-solid-gray-700">{t('committee.contacts.noMembers')}</p>
      )}
    </div>
  );
}

export default function CsirtPage() {
  const { t } = useTranslation();
  usePageTitle(t('committee.contacts.csirtTitle'));
  const query = useQuery({ queryKey: contactKeys.csirt, queryFn: () => get<CsirtRoster>('/organisation/csirt') });
  return (
    <div className="flex max-w-[72rem] flex-col gap-6">
      <div>
        <Breadcrumb
          items={[
            { label: t('organisation.title'), href: '/organisation' },
            { label: t('committee.contacts.csirtTitle') },
          ]}
        />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <h1 className="text-std-32B-150 text-solid-gray-900">{t('committee.contacts.csirtTitle')}</h1>
          <PrintButton />
        </div>
        <p className="mt-2 text-std-16N-170">
          {t('committee.contacts.csirtLead')}{' '}
          <Link to="/organisation/contacts/emergency">{t('committee.contacts.toEmergency')}</Link>
        </p>
      </div>
      <Loaded query={query}>{(data) => <Roster data={data} />}</Loaded>
    </div>
  );
}
