/** 部局・課室: the unit tree of each 実施機関, with people counts; closed units on request; add a unit. */
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { may, queryString, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { ExportMenu, exportFormatQuery } from '../../../components/ExportMenu.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Table } from '../../../components/Table.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import { inForce, type TreeUnit, treeOrder, useBodies, useUnits } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import type { Unit } from '../shared/types.ts';
import { Badge, DateCell, Loaded, PageHead, TABLE } from '../shared/ui.tsx';
import { AddUnitDialog } from './UnitDialogs.tsx';

/** The same column widths in every 実施機関's table, so the trees line up. */
const TREE_COLUMNS =
  '[&_table]:table-fixed [&_th:nth-child(1)]:w-[34%] [&_th:nth-child(2)]:w-[10%] [&_th:nth-child(3)]:w-[14%] [&_th:nth-child(4)]:w-[12%] [&_th:nth-child(5)]:w-[14%]';

export function UnitState({ unit }: { unit: Pick<Unit, 'validFrom' | 'validTo'> }) {
  const { t } = useTranslation();
  const today = todayInJapan();
  if (unit.validTo && unit.validTo < today)
    return (
      <Badge tone="off">
        {t('org.units.closed')} <DateCell iso={unit.validTo} />
      </Badge>
    );
  if (unit.validFrom > today)
    return (
      <Badge tone="info">
        {t('org.units.planned')} <DateCell iso={unit.validFrom} />
      </Badge>
    );
  if (unit.validTo)
    return (
      <Badge tone="warn">
        {t('org.units.closing')} <DateCell iso={unit.validTo} />
      </Badge>
    );
  return <Badge tone="ok">{t('org.units.inForce')}</Badge>;
}

export default function UnitsPage() {
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const { data: me } = useMe();
  const canManage = may(me ?? undefined, 'org_unit', 'manage');
  const [params, setParams] = useSearchParams();
  const includeClosed = params.get('closed') === '1';
  const bodies = useBodies();
  const units = useUnits({ includeClosed });
  const allUnits = useUnits({ includeClosed: true });
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState<Unit | null>(null);

  const columns: ColumnDef<TreeUnit, unknown>[] = [
    {
      id: 'name',
      header: t('org.units.name'),
      cell: ({ row }) => {
        const u = row.original;
        return (
          <span className="flex items-start" style={{ paddingLeft: `${u.depth * 1.75}rem` }}>
            {u.depth > 0 && (
              <span aria-hidden="true" className="mr-2 text-solid-gray-600">
                └
              </span>
            )}
            <Link to={`/organisation/units/${u.id}`} className={u.level === 'DEPT' ? 'font-bold' : undefined}>
              {u.name}
            </Link>
            {u.depth > 0 && <span className="sr-only">（{u.path}）</span>}
          </span>
        );
      },
    },
    { id: 'level', header: t('org.units.level'), cell: ({ row }) => labels.level(row.original.level) },
    { id: 'code', header: t('org.units.code'), cell: ({ row }) => row.original.code ?? '' },
    {
      id: 'people',
      header: t('org.units.people'),
      cell: ({ row }) => (
        <Link to={`/organisation/people?unitId=${row.original.id}`} className="whitespace-nowrap">
          {t('org.common.persons', { count: row.original.peopleCount })}
          <span className="sr-only">：{row.original.path}</span>
        </Link>
      ),
    },
    { id: 'validFrom', header: t('org.units.validFrom'), cell: ({ row }) => <DateCell iso={row.original.validFrom} /> },
    { id: 'state', header: t('org.units.state'), cell: ({ row }) => <UnitState unit={row.original} /> },
  ];

  return (
    <div className="flex flex-col gap-6">
      <PageHead
        title={t('org.units.title')}
        crumbs={[{ label: t('org.units.title') }]}
        lead={t('org.units.lead')}
        actions={
          canManage && (
            <Button
              onPress={() => {
                setDone(null);
                setAdding(true);
              }}
            >
              {t('org.units.add')}
            </Button>
          )
        }
      />
      {done && (
        <NotificationBanner kind="success">
          {t('org.units.added', { name: done.path })}{' '}
          <Link to={`/organisation/units/${done.id}`}>{t('org.units.openAdded')}</Link>
        </NotificationBanner>
      )}
      <div className="no-print flex flex-wrap items-center justify-between gap-3">
        <Checkbox
          id="show-closed"
          isSelected={includeClosed}
          onChange={(on) => {
            const next = new URLSearchParams(params);
            if (on) next.set('closed', '1');
            else next.delete('closed');
            setParams(next, { replace: true });
          }}
        >
          {t('org.units.showClosed')}
        </Checkbox>
        <div className="flex gap-3">
          <ExportMenu
            what={t('org.units.title')}
            isDisabled={!units.data || !bodies.data}
            download={(f) =>
              `/units/export${queryString({ includeClosed: includeClosed ? 'true' : undefined, ...exportFormatQuery(f) })}`
            }
          />
          <PrintButton what={t('org.units.title')} />
        </div>
      </div>
      <Loaded query={bodies}>
        {(bodyList) => (
          <Loaded query={units}>
            {(unitList) => {
              const today = todayInJapan();
              const shown = unitList.items;
              if (shown.length === 0) {
                return (
                  <NotificationBanner kind="info" live={false} title={t('org.units.emptyTitle')}>
                    {canManage ? t('org.units.emptyManage') : t('org.units.empty')}
                  </NotificationBanner>
                );
              }
              return (
                <div className="flex flex-col gap-8">
                  <p aria-live="polite">
                    {t('org.units.summary', {
                      count: shown.filter((u) => inForce(u, today)).length,
                      people: shown.reduce((n, u) => n + u.peopleCount, 0),
                    })}
                  </p>
                  {bodyList.map((b) => {
                    const rows = treeOrder(shown.filter((u) => u.bodyId === b.id));
                    if (rows.length === 0 && b.closedOn) return null;
                    return (
                      <Table
                        key={b.id}
                        caption={
                          <span className="text-std-20B-150">
                            {b.name}
                            {labels.bodyKind(b.kind) !== b.name && (
                              <span className="ml-3 text-std-16N-170 text-solid-gray-700">
                                {labels.bodyKind(b.kind)}
                              </span>
                            )}
                          </span>
                        }
                        columns={columns}
                        data={rows}
                        rowKey={(u) => u.id}
                        empty={t('org.units.emptyBody')}
                        className={`${TABLE} ${TREE_COLUMNS}`}
                      />
                    );
                  })}
                </div>
              );
            }}
          </Loaded>
        )}
      </Loaded>
      {adding && bodies.data && allUnits.data && (
        <AddUnitDialog
          isOpen
          bodies={bodies.data}
          units={allUnits.data.items}
          onClose={() => setAdding(false)}
          onDone={(u) => {
            setAdding(false);
            setDone(u);
          }}
        />
      )}
    </div>
  );
}
