/** One unit: where it sits, who belongs to it, which roles are held for it, and its history (作成・名称変更・移動・廃止). */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get, may, queryString, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Table } from '../../../components/Table.tsx';
import { formatDate, formatDateTimeCompact, todayInJapan } from '../../../lib/dates.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import NotFound from '../../NotFound.tsx';
import { useBodies, useUnits } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import {
  type Appointment,
  type AppointmentList,
  orgKeys,
  type PeoplePage,
  type Person,
  type Unit,
  type UnitHistoryEntry,
} from '../shared/types.ts';
import { DateCell, Facts, FullDate, Loaded, PageHead, Section, TABLE } from '../shared/ui.tsx';
import { AddUnitDialog, CloseUnitDialog, MoveUnitDialog, RenameUnitDialog } from './UnitDialogs.tsx';
import { UnitState } from './UnitsPage.tsx';

type Open = 'rename' | 'move' | 'close' | 'add' | null;

function HistoryTable({ entries, units }: { entries: UnitHistoryEntry[]; units: Unit[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const pathOf = (id: string | null) =>
    id ? (units.find((u) => u.id === id)?.path ?? '—') : t('org.units.noParentShort');
  const explain = (e: UnitHistoryEntry) => {
    switch (e.action) {
      case 'create':
        return t('org.units.hist.created', { name: e.name.after ?? '' });
      case 'rename':
        return t('org.units.hist.renamed', { before: e.name.before ?? '', after: e.name.after ?? '' });
      case 'move':
        return t('org.units.hist.moved', { before: pathOf(e.parentId.before), after: pathOf(e.parentId.after) });
      case 'close':
        return t('org.units.hist.closed', { date: e.validTo ? formatDate(e.validTo, lang) : '' });
      default:
        return t('org.units.hist.updated');
    }
  };
  const columns: ColumnDef<UnitHistoryEntry, unknown>[] = [
    {
      id: 'at',
      header: t('org.common.when'),
      cell: ({ row }) => {
        const d = formatDateTimeCompact(row.original.at);
        return (
          <span title={d.full} className="whitespace-nowrap">
            <span aria-hidden="true" className="print:hidden">
              {d.short}
            </span>
            <span className="sr-only print:not-sr-only">{d.full}</span>
          </span>
        );
      },
    },
    {
      id: 'action',
      header: t('org.common.action'),
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          {t(`org.units.hist.action.${row.original.action}`, { defaultValue: row.original.action })}
        </span>
      ),
    },
    { id: 'what', header: t('org.common.details'), cell: ({ row }) => explain(row.original) },
    { id: 'actor', header: t('org.common.actor'), cell: ({ row }) => row.original.actor },
  ];
  return (
    <Table
      caption={t('org.units.historyCaption')}
      captionHidden
      columns={columns}
      data={[...entries].reverse()}
      empty={t('org.units.historyEmpty')}
      className={TABLE}
    />
  );
}

export default function UnitDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const lang = useLanguage();
  const { data: me } = useMe();
  const canManage = may(me ?? undefined, 'org_unit', 'manage');
  const units = useUnits({ includeClosed: true });
  const bodies = useBodies();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const history = useQuery({
    queryKey: orgKeys.unitHistory(id),
    queryFn: () => get<UnitHistoryEntry[]>(`/units/${id}/history`),
  });
  const peopleParams = { unitId: id, status: 'ACTIVE', limit: '20' };
  const people = useQuery({
    queryKey: orgKeys.people(peopleParams),
    queryFn: () => get<PeoplePage>(`/people${queryString(peopleParams)}`),
  });
  const apptParams = { scopeId: id };
  const roles = useQuery({
    queryKey: orgKeys.appointments(apptParams),
    queryFn: () => get<AppointmentList>(`/appointments${queryString(apptParams)}`),
  });

  const unit = units.data?.items.find((u) => u.id === id);
  if (units.isSuccess && !unit) return <NotFound />;

  const finish = (text: string) => {
    setOpen(null);
    setDone(text);
  };
  const today = todayInJapan();
  const isOpen = unit && (!unit.validTo || unit.validTo >= today);

  const personColumns: ColumnDef<Person, unknown>[] = [
    { id: 'staffNumber', header: t('org.people.staffNumber'), cell: ({ row }) => row.original.staffNumber },
    {
      id: 'name',
      header: t('org.people.name'),
      cell: ({ row }) => <Link to={`/organisation/people/${row.original.id}`}>{row.original.name}</Link>,
    },
    { id: 'title', header: t('org.people.jobTitle'), cell: ({ row }) => row.original.title },
    {
      id: 'employment',
      header: t('org.people.employmentType'),
      cell: ({ row }) => labels.employment(row.original.employmentType),
    },
  ];
  const roleColumns: ColumnDef<Appointment, unknown>[] = [
    { id: 'role', header: t('org.appt.role'), cell: ({ row }) => labels.role(row.original.role) },
    {
      id: 'person',
      header: t('org.appt.person'),
      cell: ({ row }) => <Link to={`/organisation/people/${row.original.personId}`}>{row.original.personName}</Link>,
    },
    { id: 'from', header: t('org.appt.from'), cell: ({ row }) => <DateCell iso={row.original.validFrom} /> },
    { id: 'to', header: t('org.appt.to'), cell: ({ row }) => <DateCell iso={row.original.validTo} /> },
  ];

  return (
    <Loaded query={units}>
      {() =>
        unit ? (
          <div className="flex flex-col gap-8">
            <PageHead
              title={unit.name}
              documentTitle={`${unit.path}｜${t('org.units.title')}`}
              crumbs={[{ label: t('org.units.title'), href: '/organisation/units' }, { label: unit.name }]}
              lead={unit.path !== unit.name ? unit.path : undefined}
              actions={
                <>
                  {canManage && isOpen && (
                    <>
                      <Button variant="secondary" size="sm" onPress={() => setOpen('rename')}>
                        {t('org.units.rename')}
                      </Button>
                      {unit.level !== 'DEPT' && !unit.validTo && (
                        <Button variant="secondary" size="sm" onPress={() => setOpen('move')}>
                          {t('org.units.move')}
                        </Button>
                      )}
                      {unit.level !== 'TEAM' && !unit.validTo && (
                        <Button variant="secondary" size="sm" onPress={() => setOpen('add')}>
                          {t('org.units.addChild')}
                        </Button>
                      )}
                      {!unit.validTo && (
                        <Button variant="danger" size="sm" onPress={() => setOpen('close')}>
                          {t('org.units.close')}
                        </Button>
                      )}
                    </>
                  )}
                  <PrintButton />
                </>
              }
            />
            {done && <NotificationBanner kind="success">{done}</NotificationBanner>}
            <Facts
              items={[
                [t('org.units.body'), bodies.data?.find((b) => b.id === unit.bodyId)?.name ?? ''],
                [t('org.units.path'), unit.path],
                [t('org.units.level'), labels.level(unit.level)],
                [t('org.units.code'), unit.code ?? ''],
                [t('org.units.validFrom'), <FullDate key="f" iso={unit.validFrom} />],
                [t('org.units.state'), <UnitState key="s" unit={unit} />],
              ]}
            />

            <Section
              id="unit-people"
              title={t('org.units.peopleSection')}
              actions={
                <ButtonLink to={`/organisation/people?unitId=${unit.id}`}>{t('org.units.openPeople')}</ButtonLink>
              }
            >
              <Loaded query={people}>
                {(page) => (
                  <>
                    <p>{t('org.units.peopleCount', { count: page.total })}</p>
                    {page.total > 0 && (
                      <Table
                        caption={t('org.units.peopleSection')}
                        captionHidden
                        columns={personColumns}
                        data={page.items}
                        rowKey={(p) => p.id}
                        className={TABLE}
                      />
                    )}
                    {page.total > page.items.length && (
                      <p>{t('org.units.peopleMore', { shown: page.items.length, count: page.total })}</p>
                    )}
                  </>
                )}
              </Loaded>
            </Section>

            <Section
              id="unit-roles"
              title={t('org.units.rolesSection')}
              actions={<ButtonLink to="/organisation/appointments">{t('org.units.openAppointments')}</ButtonLink>}
            >
              <Loaded query={roles}>
                {(list) => (
                  <Table
                    caption={t('org.units.rolesSection')}
                    captionHidden
                    columns={roleColumns}
                    data={list.items}
                    rowKey={(a) => a.id}
                    empty={t('org.units.rolesEmpty')}
                    className={TABLE}
                  />
                )}
              </Loaded>
            </Section>

            <Section id="unit-history" title={t('org.units.historySection')} lead={t('org.units.historyLead')}>
              <Loaded query={history}>
                {(entries) => <HistoryTable entries={entries} units={units.data?.items ?? []} />}
              </Loaded>
            </Section>

            {open === 'rename' && (
              <RenameUnitDialog
                unit={unit}
                onClose={() => setOpen(null)}
                onDone={(u) => finish(t('org.units.renamed', { name: u.name }))}
              />
            )}
            {open === 'move' && (
              <MoveUnitDialog
                unit={unit}
                units={units.data?.items ?? []}
                onClose={() => setOpen(null)}
                onDone={(u) => finish(t('org.units.moved', { path: u.path }))}
              />
            )}
            {open === 'close' && (
              <CloseUnitDialog
                unit={unit}
                onClose={() => setOpen(null)}
                onDone={(u) =>
                  finish(
                    t('org.units.closedDone', { name: u.name, date: u.validTo ? formatDate(u.validTo, lang) : '' }),
                  )
                }
              />
            )}
            {open === 'add' && bodies.data && (
              <AddUnitDialog
                isOpen
                bodies={bodies.data}
                units={units.data?.items ?? []}
                initial={{ bodyId: unit.bodyId, parentId: unit.id, level: unit.level === 'DEPT' ? 'SECTION' : 'TEAM' }}
                onClose={() => setOpen(null)}
                onDone={(u) => finish(t('org.units.added', { name: u.path }))}
              />
            )}
          </div>
        ) : null
      }
    </Loaded>
  );
}
