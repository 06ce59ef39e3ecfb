/**
 * 取扱いの記録 on the asset's detail page: carry-outs still out (overdue ones flagged), the asset's permission
 * requests (decide, withdraw, record with an approved permission), the events with who and when, the form that
 * records an event or, where the class requires it, asks the owning 課室's 情報セキュリティ管理者 for permission,
 * and, for those who keep the asset, the record of a 無断持ち出し found afterwards (marked as such in the lists).
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, queryString, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, InstantText, Loaded, useCursorPager } from '../../../components/PageParts.tsx';
import { Table } from '../../../components/Table.tsx';
import { type AssetDetail, assetKeys, type SchemeList } from '../types.ts';
import { EventForm } from './EventForm.tsx';
import { AttachCertificate, ReturnDialog } from './EventParts.tsx';
import { OwnRequestActions } from './OwnRequestActions.tsx';
import { DecideDialog, methodLabel, RequestFacts, StatusBadge } from './RequestParts.tsx';
import {
  type AssetEvent,
  type EventPage,
  lifecycleKeys,
  type PermissionRequest,
  type RecordableAction,
} from './types.ts';
import { UnauthorisedBadge, UnauthorisedCarryForm } from './UnauthorisedCarryForm.tsx';

const PAGE = 20;

function CarryState({ e }: { e: AssetEvent }) {
  const { t } = useTranslation();
  if (!e.carryState) return null;
  const overdue = e.carryState === 'OVERDUE';
  return (
    <span
      data-carry={e.carryState}
      className={
        overdue
          ? 'inline-flex items-center rounded-6 border border-red-900 bg-red-50 px-2 py-0.5 text-dns-14B-130 text-red-1000'
          : 'inline-flex items-center rounded-6 border border-solid-gray-600 bg-solid-gray-50 px-2 py-0.5 text-dns-14B-130 text-solid-gray-800'
      }
    >
      {overdue ? '⚠ ' : ''}
      {t(`assets.lifecycle.carry.${e.carryState}`)}
    </span>
  );
}

/** What the event says beyond who and when: method, place, recipient, return, encryption, remarks. */
function EventDetails({ e }: { e: AssetEvent }) {
  const { t } = useTranslation();
  const lines: Array<[string, React.ReactNode]> = [];
  if (e.method) lines.push([t('assets.lifecycle.method'), methodLabel(e.method)]);
  if (e.destination)
    lines.push([
      t(e.unauthorised ? 'assets.lifecycle.unauthorised.destination' : 'assets.lifecycle.destination'),
      e.destination,
    ]);
  if (e.recipient) lines.push([t('assets.lifecycle.recipient'), e.recipient]);
  if (e.expectedReturnOn)
    lines.push([t('assets.lifecycle.expectedReturn'), <DateText key="r" iso={e.expectedReturnOn} />]);
  if (e.action === 'CARRY')
    lines.push([t('assets.lifecycle.returnedAt'), e.returnedAt ? <InstantText key="b" instant={e.returnedAt} /> : '—']);
  if (e.encrypted !== null)
    lines.push([t('assets.lifecycle.encryption'), e.encrypted ? t('assets.lifecycle.yes') : t('assets.lifecycle.no')]);
  if (e.reason)
    lines.push([t(e.unauthorised ? 'assets.lifecycle.unauthorised.reason' : 'assets.lifecycle.reason'), e.reason]);
  if (e.certificate)
    lines.push([
      t('assets.lifecycle.certificate'),
      <a
        key="c"
        href={`/api/v1/assets/${encodeURIComponent(e.assetId)}/events/${encodeURIComponent(e.id)}/certificate`}
        download
      >
        {t('assets.lifecycle.download', { name: e.certificate.name ?? '' })}
      </a>,
    ]);
  if (lines.length === 0) return <>—</>;
  return (
    <dl className="flex flex-col gap-0.5">
      {lines.map(([label, value]) => (
        <div key={label} className="flex flex-wrap gap-x-2">
          <dt className="font-bold">{label}：</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LifecyclePanel({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const pager = useCursorPager();
  const [notice, setNotice] = useState<{ text: string; warnings: string[] } | null>(null);
  const [deciding, setDeciding] = useState<PermissionRequest | null>(null);
  const [returning, setReturning] = useState<AssetEvent | null>(null);
  const [preset, setPreset] = useState<{ action: RecordableAction; permissionId: string } | null>(null);
  const detail = useQuery({
    queryKey: assetKeys.detail(assetId),
    queryFn: () => get<AssetDetail>(`/assets/${encodeURIComponent(assetId)}`),
  });
  const schemes = useQuery({ queryKey: assetKeys.schemes, queryFn: () => get<SchemeList>('/asset-schemes') });
  const events = useQuery({
    queryKey: [...lifecycleKeys.events(assetId), pager.cursor ?? ''],
    queryFn: () =>
      get<EventPage>(
        `/assets/${encodeURIComponent(assetId)}/events${queryString({ limit: PAGE, cursor: pager.cursor })}`,
      ),
  });
  const done = (text: string, warnings: string[] = []) => {
    setNotice({ text, warnings });
    setPreset(null);
    pager.reset();
  };

  return (
    <section aria-labelledby="lifecycle-title" className="flex flex-col gap-6 border-t border-solid-gray-200 pt-6">
      <div className="flex flex-col gap-1">
        <h2 id="lifecycle-title" className="text-std-24B-150 text-solid-gray-900">
          {t('assets.lifecycle.title')}
        </h2>
        <p className="text-std-16N-170 text-solid-gray-800">{t('assets.lifecycle.lead')}</p>
      </div>
      {notice && (
        <NotificationBanner kind={notice.warnings.length ? 'warning' : 'success'} title={notice.text}>
          {notice.warnings.length > 0 && (
            <ul className="list-disc pl-6">
              {notice.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </NotificationBanner>
      )}
      <Loaded query={detail}>
        {(asset) => {
          const out = asset.openEvents.filter((e) => e.action === 'CARRY' && !e.returnedAt);
          const scheme = schemes.data?.items.find((s) => s.id === asset.scheme?.id) ?? null;
          const requests = asset.permissions;
          return (
            <>
              {out.length > 0 && (
                <div className="flex flex-col gap-3" data-testid="carried-out">
                  {out.map((e) => (
                    <NotificationBanner
                      key={e.id}
                      kind={e.carryState === 'OVERDUE' ? 'error' : 'info'}
                      live={false}
                      title={
                        e.carryState === 'OVERDUE' ? t('assets.lifecycle.overdueTitle') : t('assets.lifecycle.outTitle')
                      }
                    >
                      <div className="flex flex-col items-start gap-2">
                        {e.unauthorised && <UnauthorisedBadge />}
                        <p>
                          {t(
                            e.unauthorised && !e.performedBy
                              ? 'assets.lifecycle.unauthorised.outLineUnknown'
                              : 'assets.lifecycle.outLine',
                            {
                              who: e.performedBy?.name ?? e.recordedBy,
                              destination: e.destination ?? t('assets.lifecycle.noDestination'),
                            },
                          )}
                          <DateText iso={e.expectedReturnOn} />
                        </p>
                        {asset.can.record && (
                          <Button size="sm" variant="secondary" onPress={() => setReturning(e)}>
                            {t('assets.lifecycle.recordReturn')}
                          </Button>
                        )}
                      </div>
                    </NotificationBanner>
                  ))}
                </div>
              )}

              <div className="flex flex-col gap-3">
                <h3 className="text-std-20B-150 text-solid-gray-900">{t('assets.lifecycle.requestsTitle')}</h3>
                {requests.length === 0 ? (
                  <p className="text-solid-gray-800">{t('assets.lifecycle.noRequests')}</p>
                ) : (
                  <ul className="flex flex-col gap-3" aria-label={t('assets.lifecycle.requestsTitle')}>
                    {requests.map((r) => {
                      const mine = !!me?.person && r.applicant.personId === me.person.id;
                      return (
                        <li
                          key={r.id}
                          data-request={r.id}
                          className="flex flex-col gap-3 rounded-8 border border-solid-gray-200 px-5 py-4"
                        >
                          <div className="flex flex-wrap items-center gap-3">
                            <StatusBadge status={r.status} />
                            <span className="text-std-17B-170">{t(`assets.lifecycle.action.${r.action}`)}</span>
                            {mine && <span className="text-dns-14N-130">{t('assets.lifecycle.mine')}</span>}
                          </div>
                          <RequestFacts r={r} withAsset={false} />
                          <div className="no-print flex flex-wrap gap-3">
                            {r.status === 'PENDING' && asset.can.decide && (
                              <Button size="sm" onPress={() => setDeciding(r)}>
                                {t('assets.requests.decide')}
                              </Button>
                            )}
                            {r.status === 'APPROVED' && asset.can.record && asset.status === 'ACTIVE' && (
                              <Button
                                size="sm"
                                onPress={() => {
                                  setNotice(null);
                                  setPreset({ action: r.action as RecordableAction, permissionId: r.id });
                                  requestAnimationFrame(() => document.getElementById('field-action')?.focus());
                                }}
                              >
                                {t('assets.lifecycle.recordWith', { action: t(`assets.lifecycle.action.${r.action}`) })}
                              </Button>
                            )}
                            {mine && <OwnRequestActions request={r} onDone={(text) => done(text)} />}
                          </div>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </div>

              {asset.status === 'ACTIVE' && (asset.can.record || asset.can.request) && !schemes.isSuccess ? (
                // The form decides between recording and asking for permission from the scheme: wait for it.
                <Loaded query={schemes}>{() => null}</Loaded>
              ) : asset.status === 'ACTIVE' && (asset.can.record || asset.can.request) ? (
                <div className="no-print rounded-8 border border-solid-gray-420 bg-white px-6 py-5">
                  <EventForm
                    key={preset ? `${preset.action}:${preset.permissionId}` : 'blank'}
                    asset={asset}
                    scheme={scheme}
                    preset={preset}
                    onDone={done}
                  />
                </div>
              ) : asset.status !== 'ACTIVE' ? (
                <NotificationBanner kind="info" live={false}>
                  {t('assets.lifecycle.disposed')}
                </NotificationBanner>
              ) : null}

              {/* The server's rule for a 無断持ち出し: record and manage the asset (its keeper, not its users). */}
              {asset.status === 'ACTIVE' && asset.can.record && asset.can.edit && (
                <UnauthorisedCarryForm asset={asset} onDone={done} />
              )}

              <EventsTable
                assetId={assetId}
                canRecord={asset.can.record}
                page={events}
                onReturn={setReturning}
                onDone={done}
              />
              {(pager.pageIndex > 0 || events.data?.nextCursor) && (
                <div className="no-print flex gap-3">
                  <Button size="sm" variant="secondary" isDisabled={pager.pageIndex === 0} onPress={pager.previous}>
                    {t('assets.lifecycle.previous')}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    isDisabled={!events.data?.nextCursor}
                    onPress={() => events.data?.nextCursor && pager.next(events.data.nextCursor)}
                  >
                    {t('assets.lifecycle.next')}
                  </Button>
                </div>
              )}
            </>
          );
        }}
      </Loaded>
      <DecideDialog
        request={deciding}
        onClose={() => setDeciding(null)}
        onDone={(r) =>
          done(
            t('assets.requests.decided', {
              action: t(`assets.lifecycle.action.${r.action}`),
              decision: t(`assets.requests.status.${r.status}`),
              context: r.status,
            }),
          )
        }
      />
      <ReturnDialog assetId={assetId} event={returning} onClose={() => setReturning(null)} onDone={(x) => done(x)} />
    </section>
  );
}

function EventsTable({
  assetId,
  canRecord,
  page,
  onReturn,
  onDone,
}: {
  assetId: string;
  canRecord: boolean;
  page: { isPending: boolean; isError: boolean; error: unknown; data: EventPage | undefined };
  onReturn: (e: AssetEvent) => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const columns: ColumnDef<AssetEvent, unknown>[] = [
    {
      id: 'at',
      header: t('assets.lifecycle.when'),
      cell: ({ row }) => <InstantText instant={row.original.at} />,
    },
    {
      id: 'action',
      header: t('assets.lifecycle.actionLabel'),
      cell: ({ row }) => (
        <span className="flex flex-col items-start gap-1">
          <span className="font-bold">{t(`assets.lifecycle.action.${row.original.action}`)}</span>
          {row.original.unauthorised && <UnauthorisedBadge />}
          <CarryState e={row.original} />
        </span>
      ),
    },
    {
      id: 'who',
      header: t('assets.lifecycle.who'),
      cell: ({ row }) => (
        <span className="flex flex-col">
          <span>{row.original.performedBy?.name ?? '—'}</span>
          <span className="text-dns-14N-130 text-solid-gray-700">
            {t('assets.lifecycle.recordedBy', { name: row.original.recordedBy })}
          </span>
        </span>
      ),
    },
    { id: 'details', header: t('assets.lifecycle.details'), cell: ({ row }) => <EventDetails e={row.original} /> },
    {
      id: 'permission',
      header: t('assets.lifecycle.permission'),
      cell: ({ row }) => {
        const e = row.original;
        return (
          <span className="flex flex-col items-start gap-2">
            <span className={e.unpermitted || e.unauthorised ? 'font-bold text-red-900' : undefined}>
              {e.unpermitted || e.unauthorised
                ? t('assets.lifecycle.unpermitted')
                : e.permissionId
                  ? t('assets.lifecycle.permitted')
                  : t('assets.lifecycle.notRequired')}
            </span>
            {canRecord && e.action === 'CARRY' && !e.returnedAt && (
              <Button size="sm" variant="secondary" onPress={() => onReturn(e)}>
                {t('assets.lifecycle.recordReturn')}
              </Button>
            )}
            {canRecord && e.action === 'DISPOSE' && !e.certificate && (
              <AttachCertificate assetId={assetId} event={e} onDone={onDone} />
            )}
          </span>
        );
      },
    },
  ];
  return (
    <Loaded query={page}>
      {(data) => (
        <Table
          caption={t('assets.lifecycle.eventsCaption')}
          columns={columns}
          data={data.items}
          rowKey={(e) => e.id}
          empty={t('assets.lifecycle.noEvents')}
        />
      )}
    </Loaded>
  );
}
