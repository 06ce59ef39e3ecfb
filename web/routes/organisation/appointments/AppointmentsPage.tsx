/**
 * 役割の任命: who holds which role for what, from when to when; the history on request; appoint and end. At the top,
 * what the policy requires and is missing (roles without a holder, 兼務 to watch), each with its clause.
 */

import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AppointedRole } from '../../../../src/domain/roles.ts';
import { ApiError, get, keys, may, type OrganisationFindings, queryString, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { ExportMenu, exportFormatQuery } from '../../../components/ExportMenu.tsx';
import { FilterChips } from '../../../components/FilterChips.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import { useLandscapePrint } from '../../../lib/print-orientation.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { type Appointment, type AppointmentList, orgKeys } from '../shared/types.ts';
import { Badge, DateCell, Loaded, PageHead, TABLE } from '../shared/ui.tsx';
import { APPOINTABLE, AppointDialog, type AppointPreset, EndAppointmentDialog } from './AppointDialog.tsx';
import { FindingsPanel } from './FindingsPanel.tsx';

export function AppointmentState({ a }: { a: Pick<Appointment, 'validFrom' | 'validTo' | 'endReason'> }) {
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

export default function AppointmentsPage() {
  useLandscapePrint();
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const { data: me } = useMe();
  const canManage = may(me ?? undefined, 'appointment', 'manage');
  const canFindings = may(me ?? undefined, 'org_finding', 'read');
  const [params, setParams] = useSearchParams();
  const role = params.get('role') ?? '';
  const history = params.get('history') === '1';
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const apiParams = { role: role || undefined, includeEnded: history ? 'true' : undefined };
  const list = useQuery({
    queryKey: orgKeys.appointments(apiParams),
    queryFn: () => get<AppointmentList>(`/appointments${queryString(apiParams)}`),
  });
  const current = useQuery({
    queryKey: orgKeys.appointments({}),
    queryFn: () => get<AppointmentList>('/appointments'),
    enabled: canManage,
  });
  const findings = useQuery({
    queryKey: keys.orgFindings,
    queryFn: () => get<OrganisationFindings>('/findings/organisation'),
    enabled: canFindings,
  });

  const appointFor = params.get('appoint');
  const [dialog, setDialog] = useState<
    { kind: 'appoint'; preset: AppointPreset } | { kind: 'end'; a: Appointment } | null
  >(appointFor && canManage ? { kind: 'appoint', preset: { personId: appointFor } } : null);
  const [done, setDone] = useState<string | null>(null);
  const finish = (text: string) => {
    setDialog(null);
    setDone(text);
    if (appointFor) setParam('appoint', '');
  };

  const chips = [
    role && { id: 'role', label: t('org.appt.chipRole', { value: labels.role(role) }) },
    history && { id: 'history', label: t('org.appt.chipHistory') },
  ].filter((c): c is { id: string; label: string } => !!c);

  const today = todayInJapan();
  const columns: ColumnDef<Appointment, unknown>[] = [
    {
      id: 'role',
      header: t('org.appt.role'),
      cell: ({ row }) => <span className="font-bold">{labels.role(row.original.role)}</span>,
    },
    {
      id: 'scope',
      header: t('org.appt.scope'),
      cell: ({ row }) =>
        row.original.scopeKind === 'ORG_UNIT' && row.original.scopeId ? (
          <Link to={`/organisation/units/${row.original.scopeId}`}>{row.original.scopeLabel}</Link>
        ) : (
          (row.original.scopeLabel ?? t('org.appt.wholeTenant'))
        ),
    },
    {
      id: 'person',
      header: t('org.appt.person'),
      cell: ({ row }) => (
        <span className="flex flex-col">
          <Link to={`/organisation/people/${row.original.personId}`}>{row.original.personName}</Link>
          {row.original.delegationOf && <span className="text-dns-14N-130">{t('org.appt.delegation')}</span>}
        </span>
      ),
    },
    { id: 'from', header: t('org.appt.from'), cell: ({ row }) => <DateCell iso={row.original.validFrom} /> },
    { id: 'to', header: t('org.appt.to'), cell: ({ row }) => <DateCell iso={row.original.validTo} /> },
    { id: 'state', header: t('org.appt.state'), cell: ({ row }) => <AppointmentState a={row.original} /> },
    { id: 'by', header: t('org.appt.appointedBy'), cell: ({ row }) => row.original.appointedBy },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: t('org.common.actions'),
            cell: ({ row }: { row: { original: Appointment } }) =>
              !row.original.validTo || row.original.validTo >= today ? (
                <Button
                  variant="tertiary"
                  size="sm"
                  onPress={() => {
                    setDone(null);
                    setDialog({ kind: 'end', a: row.original });
                  }}
                >
                  {t('org.appt.end')}
                  <span className="sr-only">
                    ：{row.original.personName} {labels.role(row.original.role)}
                  </span>
                </Button>
              ) : null,
          } satisfies ColumnDef<Appointment, unknown>,
        ]
      : []),
  ];

  const openAppoint = (preset: AppointPreset) => {
    setDone(null);
    setDialog({ kind: 'appoint', preset });
  };

  return (
    <div className="print-landscape flex flex-col gap-6">
      <PageHead
        title={t('org.appt.title')}
        crumbs={[{ label: t('org.appt.title') }]}
        lead={t('org.appt.lead')}
        actions={canManage && <Button onPress={() => openAppoint({})}>{t('org.appt.appoint')}</Button>}
      />
      {done && <NotificationBanner kind="success">{done}</NotificationBanner>}

      {canFindings && !(findings.error instanceof ApiError && findings.error.status === 403) && (
        <Loaded query={findings}>
          {(data) => (
            <FindingsPanel
              data={data}
              onAppoint={
                canManage ? (role: AppointedRole, scopeId?: string) => openAppoint({ role, scopeId }) : undefined
              }
            />
          )}
        </Loaded>
      )}

      <section aria-labelledby="appt-list" className="flex flex-col gap-4">
        <h2 id="appt-list" className="text-std-24B-150 text-solid-gray-900">
          {t('org.appt.listTitle')}
        </h2>
        <div className="no-print flex flex-wrap items-end gap-6 rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-5">
          <Select
            id="appt-role"
            hideMarker
            label={t('org.appt.role')}
            value={role}
            onChange={(v) => setParam('role', v)}
            options={[
              { value: '', label: t('org.appt.allRoles') },
              ...APPOINTABLE.map((r) => ({ value: r, label: labels.role(r) })),
            ]}
            width="l"
          />
          <Checkbox id="appt-history" isSelected={history} onChange={(on) => setParam('history', on ? '1' : '')}>
            {t('org.appt.showHistory')}
          </Checkbox>
        </div>
        <FilterChips
          chips={chips}
          label={t('org.people.chipsLabel')}
          onRemove={(id) => setParam(id, '')}
          onClear={() => setParams(new URLSearchParams(), { replace: true })}
          removeLabel={(label) => t('org.people.chipRemove', { label })}
          clearLabel={t('org.people.chipsClear')}
        />
        <Loaded query={list}>
          {(data) => (
            <>
              <div className="flex flex-wrap items-center justify-between gap-3">
                <p aria-live="polite" className="text-std-17B-170">
                  {t('org.common.count', { count: data.items.length })}
                </p>
                <div className="flex gap-3">
                  <ExportMenu
                    what={t('org.appt.listName')}
                    isDisabled={data.items.length === 0}
                    download={(f) => `/appointments/export${queryString({ ...apiParams, ...exportFormatQuery(f) })}`}
                  />
                  <PrintButton what={t('org.appt.listName')} />
                </div>
              </div>
              <Table
                caption={t('org.appt.caption')}
                captionHidden
                columns={columns}
                data={data.items}
                rowKey={(a) => a.id}
                empty={canManage ? t('org.appt.emptyManage') : t('org.appt.empty')}
                className={TABLE}
              />
            </>
          )}
        </Loaded>
      </section>

      {dialog?.kind === 'appoint' && (
        <AppointDialog
          preset={dialog.preset}
          current={current.data?.items ?? []}
          onClose={() => {
            setDialog(null);
            if (appointFor) setParam('appoint', '');
          }}
          onDone={finish}
        />
      )}
      {dialog?.kind === 'end' && (
        <EndAppointmentDialog appointment={dialog.a} onClose={() => setDialog(null)} onDone={finish} />
      )}
    </div>
  );
}
