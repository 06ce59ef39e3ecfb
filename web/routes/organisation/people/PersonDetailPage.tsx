/** One person: the record, roles held (with history), the sign-in account, and the history of changes. */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, get, may, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Table } from '../../../components/Table.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import NotFound from '../../NotFound.tsx';
import { useUnits } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { orgKeys, type PersonDetail } from '../shared/types.ts';
import { Badge, DateCell, Facts, FullDate, Loaded, PageHead, Section, TABLE } from '../shared/ui.tsx';
import { LeaveDialog, TransferDialog } from './PersonDialogs.tsx';
import { PersonHistory } from './PersonHistory.tsx';
import { PersonStatusBadge } from './PersonStatusBadge.tsx';

type Held = PersonDetail['appointments'][number];

function AppointmentState({ a }: { a: Held }) {
  const { t } = useTranslation();
  const today = todayInJapan();
  if (a.validFrom > today) return <Badge tone="info">{t('org.appt.planned')}</Badge>;
  if (a.validTo && a.validTo < today)
    return (
      <Badge tone="off">
        {t('org.appt.ended')}
        {a.endReason ? `（${a.endReason}）` : ''}
      </Badge>
    );
  return <Badge tone="ok">{t('org.appt.current')}</Badge>;
}

export default function PersonDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const { data: me } = useMe();
  const person = useQuery({ queryKey: orgKeys.person(id), queryFn: () => get<PersonDetail>(`/people/${id}`) });
  const units = useUnits({ includeClosed: true });
  const [open, setOpen] = useState<'transfer' | 'leave' | null>(null);
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash ?? null;
  const [done, setDone] = useState<string | null>(flash);
  if (person.error instanceof ApiError && person.error.status === 404) return <NotFound />;

  const canLeave = may(me ?? undefined, 'person', 'leave');
  const canAppoint = may(me ?? undefined, 'appointment', 'manage');
  const canAccounts = may(me ?? undefined, 'account', 'read');
  const canCreateAccount = may(me ?? undefined, 'account', 'create');

  const columns: ColumnDef<Held, unknown>[] = [
    { id: 'role', header: t('org.appt.role'), cell: ({ row }) => labels.role(row.original.role) },
    {
      id: 'scope',
      header: t('org.appt.scope'),
      cell: ({ row }) =>
        row.original.scopeId ? (
          <Link to={`/organisation/units/${row.original.scopeId}`}>
            {row.original.scopeLabel ?? row.original.scopeId}
          </Link>
        ) : (
          t('org.appt.wholeTenant')
        ),
    },
    { id: 'from', header: t('org.appt.from'), cell: ({ row }) => <DateCell iso={row.original.validFrom} /> },
    { id: 'to', header: t('org.appt.to'), cell: ({ row }) => <DateCell iso={row.original.validTo} /> },
    { id: 'state', header: t('org.appt.state'), cell: ({ row }) => <AppointmentState a={row.original} /> },
  ];

  return (
    <Loaded query={person}>
      {(p) => (
        <div className="flex flex-col gap-8">
          <PageHead
            title={p.name}
            documentTitle={`${p.name}｜${t('org.people.title')}`}
            crumbs={[{ label: t('org.people.title'), href: '/organisation/people' }, { label: p.name }]}
            lead={`${p.familyKana} ${p.givenKana}`}
            actions={
              <>
                {p.canEdit && <ButtonLink to={`/organisation/people/${p.id}/edit`}>{t('org.person.edit')}</ButtonLink>}
                {canLeave && p.status === 'ACTIVE' && (
                  <>
                    <Button variant="secondary" size="sm" onPress={() => setOpen('transfer')}>
                      {t('org.person.transfer')}
                    </Button>
                    <Button variant="danger" size="sm" onPress={() => setOpen('leave')}>
                      {t('org.person.leave')}
                    </Button>
                  </>
                )}
                <PrintButton />
              </>
            }
          />
          {done && <NotificationBanner kind="success">{done}</NotificationBanner>}
          {p.status !== 'ACTIVE' && (
            <NotificationBanner kind="info" live={false}>
              {t('org.person.leftNotice', { kind: labels.status(p.status) })}
            </NotificationBanner>
          )}
          <Facts
            items={[
              [
                t('org.people.staffNumber'),
                <span key="n" className="font-mono">
                  {p.staffNumber}
                </span>,
              ],
              [t('org.people.status'), <PersonStatusBadge key="s" person={p} />],
              [
                t('org.people.unit'),
                p.orgUnitId ? (
                  <Link key="u" to={`/organisation/units/${p.orgUnitId}`}>
                    {p.unitPath}
                  </Link>
                ) : (
                  t('org.people.noUnit')
                ),
              ],
              [t('org.people.jobTitle'), p.title],
              [t('org.people.employmentType'), labels.employment(p.employmentType)],
              !!p.employer && [t('org.people.employer'), p.employer],
              [t('org.people.email'), p.email ?? ''],
              [t('org.people.phone'), p.phone ?? ''],
              p.mobilePhone !== null && [t('org.people.mobilePhone'), p.mobilePhone],
              [t('org.people.joinedOn'), p.joinedOn ? <FullDate key="j" iso={p.joinedOn} /> : ''],
            ]}
          />

          <Section
            id="person-roles"
            title={t('org.person.roles')}
            actions={
              canAppoint &&
              p.status === 'ACTIVE' && (
                <ButtonLink to={`/organisation/appointments?appoint=${p.id}`}>{t('org.person.appoint')}</ButtonLink>
              )
            }
          >
            <Table
              caption={t('org.person.roles')}
              captionHidden
              columns={columns}
              data={p.appointments}
              rowKey={(a) => a.id}
              empty={t('org.person.rolesEmpty')}
              className={TABLE}
            />
          </Section>

          <Section id="person-account" title={t('org.person.account')}>
            {p.account ? (
              <Facts
                items={[
                  [
                    t('org.person.loginId'),
                    <span key="l" className="font-mono">
                      {p.account.loginId}
                    </span>,
                  ],
                  [
                    t('org.person.accountState'),
                    p.account.disabled ? (
                      <Badge key="d" tone="off">
                        {t('org.person.accountDisabled')}
                      </Badge>
                    ) : (
                      <Badge key="e" tone="ok">
                        {t('org.person.accountEnabled')}
                      </Badge>
                    ),
                  ],
                  canAccounts && [
                    t('org.common.actions'),
                    <Link key="a" to={`/admin/accounts?q=${encodeURIComponent(p.account.loginId)}`}>
                      {t('org.person.manageAccount')}
                    </Link>,
                  ],
                ]}
              />
            ) : (
              <div className="flex flex-wrap items-center gap-4">
                <p>{t('org.person.noAccount')}</p>
                {canCreateAccount && p.status === 'ACTIVE' && (
                  <ButtonLink to={`/admin/accounts/new?personId=${p.id}`}>{t('org.person.createAccount')}</ButtonLink>
                )}
              </div>
            )}
          </Section>

          <Section id="person-history" title={t('org.person.history')}>
            <PersonHistory person={p} />
          </Section>

          {open === 'transfer' && units.data && (
            <TransferDialog
              person={p}
              units={units.data.items}
              onClose={() => setOpen(null)}
              onDone={(text) => {
                setOpen(null);
                setDone(text);
              }}
            />
          )}
          {open === 'leave' && (
            <LeaveDialog
              person={p}
              onClose={() => setOpen(null)}
              onDone={(text) => {
                setOpen(null);
                setDone(text);
              }}
            />
          )}
        </div>
      )}
    </Loaded>
  );
}
