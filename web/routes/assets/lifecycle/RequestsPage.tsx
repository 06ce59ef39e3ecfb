/**
 * 許可申請 (/assets/requests): requests awaiting my decision (運搬・提供・廃棄 of my 課室's assets, never my own), my own
 * requests (withdraw while pending or unused), and the history of every request I may see, filtered by status.
 */
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, may, queryString, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Loaded, PageSection, useCursorPager } from '../../../components/PageParts.tsx';
import { Select } from '../../../components/Select.tsx';
import { OwnRequestActions } from './OwnRequestActions.tsx';
import { DecideDialog, RequestFacts, StatusBadge } from './RequestParts.tsx';
import { lifecycleKeys, type PermissionPage, type PermissionRequest } from './types.ts';

const STATUSES = ['ALL', 'PENDING', 'APPROVED', 'USED', 'DENIED', 'WITHDRAWN'] as const;

function usePermissions(params: Record<string, string | number | undefined>, enabled = true) {
  const qs = queryString(params);
  return useQuery({
    queryKey: lifecycleKeys.permissions(qs),
    queryFn: () => get<PermissionPage>(`/asset-permissions${qs}`),
    enabled,
  });
}

function RequestList({
  items,
  label,
  empty,
  actions,
}: {
  items: PermissionRequest[];
  label: string;
  empty: string;
  actions: (r: PermissionRequest) => ReactNode;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="text-solid-gray-800">{empty}</p>;
  return (
    <ul aria-label={label} className="flex flex-col gap-3">
      {items.map((r) => (
        <li
          key={r.id}
          data-request={r.id}
          className="flex flex-col gap-3 rounded-8 border border-solid-gray-200 bg-white px-5 py-4"
        >
          <div className="flex flex-wrap items-center gap-3">
            <StatusBadge status={r.status} />
            <span className="text-std-17B-170 text-solid-gray-900">
              {t('assets.requests.heading', {
                action: t(`assets.lifecycle.action.${r.action}`),
                asset: `${r.asset.ref} ${r.asset.name}`,
              })}
            </span>
          </div>
          <RequestFacts r={r} />
          <div className="no-print flex flex-wrap gap-3">{actions(r)}</div>
        </li>
      ))}
    </ul>
  );
}

function Pager({ pager, next }: { pager: ReturnType<typeof useCursorPager>; next: string | null | undefined }) {
  const { t } = useTranslation();
  if (pager.pageIndex === 0 && !next) return null;
  return (
    <div className="no-print flex gap-3">
      <Button size="sm" variant="secondary" isDisabled={pager.pageIndex === 0} onPress={pager.previous}>
        {t('assets.lifecycle.previous')}
      </Button>
      <Button size="sm" variant="secondary" isDisabled={!next} onPress={() => next && pager.next(next)}>
        {t('assets.lifecycle.next')}
      </Button>
    </div>
  );
}

export default function RequestsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [deciding, setDeciding] = useState<PermissionRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('ALL');
  const historyPager = useCursorPager();
  const mayDecide = may(me ?? undefined, 'asset_permission', 'decide');
  const toDecide = usePermissions({ toDecide: 'true', status: 'PENDING', limit: 200 }, mayDecide);
  const mine = usePermissions({ mine: 'true', status: 'ALL', limit: 50 }, !!me?.person);
  const history = usePermissions({ status, limit: 50, cursor: historyPager.cursor ?? undefined });

  return (
    <div className="flex flex-col gap-8">
      <p className="text-std-16N-170 text-solid-gray-800">{t('assets.requests.lead')}</p>
      {notice && (
        <NotificationBanner kind="success" title={notice}>
          {null}
        </NotificationBanner>
      )}

      {mayDecide && (
        <PageSection
          id="requests-to-decide"
          title={t('assets.requests.toDecideTitle')}
          lead={t('assets.requests.toDecideLead')}
        >
          <Loaded query={toDecide}>
            {(data) => (
              <RequestList
                items={data.items}
                label={t('assets.requests.toDecideTitle')}
                empty={t('assets.requests.toDecideEmpty')}
                actions={(r) => (
                  <Button size="sm" onPress={() => setDeciding(r)}>
                    {t('assets.requests.decide')}
                    <span className="sr-only">：{`${r.asset.ref} ${t(`assets.lifecycle.action.${r.action}`)}`}</span>
                  </Button>
                )}
              />
            )}
          </Loaded>
        </PageSection>
      )}

      {me?.person && (
        <PageSection id="requests-mine" title={t('assets.requests.mineTitle')} lead={t('assets.requests.mineLead')}>
          <Loaded query={mine}>
            {(data) => (
              <RequestList
                items={data.items}
                label={t('assets.requests.mineTitle')}
                empty={t('assets.requests.mineEmpty')}
                actions={(r) => <OwnRequestActions request={r} onDone={setNotice} />}
              />
            )}
          </Loaded>
        </PageSection>
      )}

      <PageSection
        id="requests-history"
        title={t('assets.requests.historyTitle')}
        lead={t('assets.requests.historyLead')}
      >
        <div className="no-print">
          <Select
            id="requests-status"
            label={t('assets.requests.statusFilter')}
            hideMarker
            width="s"
            value={status}
            onChange={(v) => {
              setStatus(v);
              historyPager.reset();
            }}
            options={STATUSES.map((s) => ({ value: s, label: t(`assets.requests.status.${s}`) }))}
          />
        </div>
        <Loaded query={history}>
          {(data) => (
            <>
              <RequestList
                items={data.items}
                label={t('assets.requests.historyTitle')}
                empty={t('assets.requests.historyEmpty')}
                actions={() => null}
              />
              <Pager pager={historyPager} next={data.nextCursor} />
            </>
          )}
        </Loaded>
      </PageSection>

      <DecideDialog
        request={deciding}
        onClose={() => setDeciding(null)}
        onDone={(r) =>
          setNotice(
            t('assets.requests.decided', {
              action: t(`assets.lifecycle.action.${r.action}`),
              decision: t(`assets.requests.status.${r.status}`),
              context: r.status,
            }),
          )
        }
      />
    </div>
  );
}
