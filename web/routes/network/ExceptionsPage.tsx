/**
 * 例外の登録簿: 特定通信 (eLTAX, マイナポータル ぴったりサービス, 中間サーバー …), controlled links, α′'s approved
 * cloud services and outbound transfers, each with approval and expiry; expired entries are flagged (they admit
 * nothing any more). Keepers add, renew and delete; readers see the list.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EXCEPTION_LISTS } from '../../../src/modules/network/contract.ts';
import type { NetworkExceptionView } from '../../../src/modules/network/register.service.ts';
import { ApiError, del, get, may, patch, post, useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DateField } from '../../components/DateField.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { todayInJapan } from '../../lib/dates.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { useNetworkWords } from './labels.ts';
import { type NetworkSystemView, networkKeys } from './types.ts';

const key = ['network', 'exceptions'] as const;
const split = (s: string) =>
  s
    .split(/[,、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const daysUntil = (iso: string) => Math.round((Date.parse(iso) - Date.parse(todayInJapan())) / 86_400_000);

function ExceptionForm({ systems }: { systems: NetworkSystemView[] }) {
  const w = useNetworkWords();
  const { t } = w;
  const msg = useBilingual();
  const client = useQueryClient();
  const [list, setList] = useState<string>('tokuteiTsushin');
  const [name, setName] = useState('');
  const [fromSystem, setFromSystem] = useState('');
  const [toSystem, setToSystem] = useState('');
  const [toCidrs, setToCidrs] = useState('');
  const [toFqdns, setToFqdns] = useState('');
  const [services, setServices] = useState('tcp/443');
  const [legalBasis, setLegalBasis] = useState('');
  const [approvedBy, setApprovedBy] = useState('');
  const [approvedOn, setApprovedOn] = useState(todayInJapan());
  const [expiresOn, setExpiresOn] = useState('');
  const save = useMutation({
    mutationFn: () =>
      post('/network/exceptions', {
        list,
        name,
        from: fromSystem ? { systemId: fromSystem } : {},
        to: {
          ...(toSystem ? { systemId: toSystem } : {}),
          ...(split(toCidrs).length ? { cidrs: split(toCidrs) } : {}),
          ...(split(toFqdns).length ? { fqdns: split(toFqdns) } : {}),
        },
        services: split(services),
        legalBasis: legalBasis || null,
        approvedBy,
        approvedOn,
        expiresOn,
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['network'] });
      setName('');
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const fieldError = (f: string) => {
    const found = err?.fields.find((x) => x.field === f || x.field.startsWith(`${f}.`));
    return found ? msg(found.message) : undefined;
  };
  const systemOptions = [
    { value: '', label: t('network.exceptions.noSystem') },
    ...systems.map((s) => ({ value: s.id, label: `${s.name}（${w.tier(s.tier)}）` })),
  ];
  const presets = ['presetEltax', 'presetPittari', 'presetChukan'] as const;
  return (
    <form
      noValidate
      aria-labelledby="exc-form-title"
      className="flex max-w-[48rem] flex-col gap-5 rounded-12 border border-solid-gray-200 px-6 py-5"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="exc-form-title" className="text-std-20B-150">
        {t('network.exceptions.newTitle')}
      </h2>
      {err && (
        <NotificationBanner kind="error" title={t('network.common.saveFailed')}>
          {msg(err.bilingual)}
        </NotificationBanner>
      )}
      {save.isSuccess && <NotificationBanner kind="success">{t('network.common.saved')}</NotificationBanner>}
      <Select
        id="exc-list"
        label={t('network.exceptions.list')}
        required
        value={list}
        onChange={setList}
        options={EXCEPTION_LISTS.map((l) => ({ value: l, label: w.list(l) }))}
      />
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-std-16N-170">{t('network.exceptions.presets')}：</span>
        {presets.map((p) => (
          <Button
            key={p}
            size="sm"
            variant="tertiary"
            onPress={() => {
              setList('tokuteiTsushin');
              setName(t(`network.exceptions.${p}`));
            }}
          >
            {t(`network.exceptions.${p}`)}
          </Button>
        ))}
      </div>
      <TextField
        id="exc-name"
        label={t('network.exceptions.name')}
        required
        value={name}
        onChange={setName}
        error={fieldError('name')}
      />
      <Select
        id="exc-from"
        label={t('network.exceptions.fromSystem')}
        width="full"
        value={fromSystem}
        onChange={setFromSystem}
        options={systemOptions}
      />
      <Select
        id="exc-to"
        label={t('network.exceptions.toSystem')}
        width="full"
        value={toSystem}
        onChange={setToSystem}
        options={systemOptions}
      />
      <TextField
        id="exc-cidrs"
        label={t('network.exceptions.toCidrs')}
        help={t('network.exceptions.addrHelp')}
        value={toCidrs}
        onChange={setToCidrs}
        error={fieldError('to.cidrs')}
      />
      <TextField
        id="exc-fqdns"
        label={t('network.exceptions.toFqdns')}
        help={t('network.exceptions.addrHelp')}
        value={toFqdns}
        onChange={setToFqdns}
        error={fieldError('to.fqdns')}
      />
      <TextField
        id="exc-services"
        label={t('network.exceptions.services')}
        required
        help={t('network.exceptions.listHelp')}
        value={services}
        onChange={setServices}
        error={fieldError('services')}
      />
      <TextField
        id="exc-basis"
        label={t('network.exceptions.legalBasis')}
        value={legalBasis}
        onChange={setLegalBasis}
        error={fieldError('legalBasis')}
      />
      <TextField
        id="exc-approver"
        label={t('network.exceptions.approvedBy')}
        required
        value={approvedBy}
        onChange={setApprovedBy}
        error={fieldError('approvedBy')}
      />
      <DateField
        id="exc-approved"
        label={t('network.exceptions.approvedOn')}
        required
        value={approvedOn}
        onChange={setApprovedOn}
        error={fieldError('approvedOn')}
      />
      <DateField
        id="exc-expires"
        label={t('network.exceptions.expiresOn')}
        required
        value={expiresOn}
        onChange={setExpiresOn}
        error={fieldError('expiresOn')}
      />
      <div>
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('network.settings.submit')}
        </Button>
      </div>
    </form>
  );
}

function Renew({ item }: { item: NetworkExceptionView }) {
  const { t } = useNetworkWords();
  const msg = useBilingual();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [expiresOn, setExpiresOn] = useState(item.expiresOn);
  const save = useMutation({
    mutationFn: () => patch(`/network/exceptions/${item.id}`, { expiresOn }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['network'] });
      setOpen(false);
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  if (!open)
    return (
      <Button size="sm" variant="secondary" onPress={() => setOpen(true)}>
        {t('network.exceptions.renew')}
      </Button>
    );
  return (
    <form
      noValidate
      aria-label={t('network.exceptions.renewTitle', { name: item.name })}
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <DateField
        id={`renew-${item.id}`}
        label={t('network.exceptions.expiresOn')}
        required
        value={expiresOn}
        onChange={setExpiresOn}
        error={err ? msg(err.fields[0]?.message ?? err.bilingual) : undefined}
      />
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" isPending={save.isPending}>
          {t('network.common.save')}
        </Button>
        <Button size="sm" variant="tertiary" onPress={() => setOpen(false)}>
          {t('network.common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export default function ExceptionsPage() {
  const w = useNetworkWords();
  const { t } = w;
  const { data: me } = useMe();
  const client = useQueryClient();
  const manage = may(me ?? undefined, 'network', 'manage');
  const query = useQuery({
    queryKey: key,
    queryFn: () => get<{ items: NetworkExceptionView[] }>('/network/exceptions'),
  });
  const systems = useQuery({
    queryKey: networkKeys.systems,
    queryFn: () => get<{ items: NetworkSystemView[] }>('/network/systems'),
  });
  const names = new Map((systems.data?.items ?? []).map((s) => [s.id, s.name]));
  const remove = useMutation({
    mutationFn: (id: string) => del(`/network/exceptions/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['network'] }),
  });
  const endpoint = (e: { systemId?: string; cidrs?: string[]; fqdns?: string[]; tier?: string }) =>
    [
      e.systemId ? (names.get(e.systemId) ?? e.systemId) : '',
      e.tier ? w.tier(e.tier) : '',
      ...(e.cidrs ?? []),
      ...(e.fqdns ?? []),
    ]
      .filter(Boolean)
      .join('、') || '—';
  return (
    <div className="flex flex-col gap-6">
      <p>{t('network.exceptions.lead')}</p>
      <Loaded query={query}>
        {(data) => (
          <table className="w-full border-collapse text-left text-std-16N-170">
            <caption className="sr-only">{t('network.pages.exceptions')}</caption>
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                {(['name', 'from', 'to', 'services', 'approvedOn', 'expiresOn', 'status'] as const).map((c) => (
                  <th key={c} scope="col" className="px-3 py-2">
                    {t(`network.exceptions.${c}`)}
                  </th>
                ))}
                {manage && (
                  <th scope="col" className="px-3 py-2">
                    {t('network.common.actions')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => {
                const days = daysUntil(e.expiresOn);
                return (
                  <tr key={e.id} className="border-b border-solid-gray-200 align-top" data-exception={e.status}>
                    <td className="px-3 py-2">
                      <span className="font-bold">{e.name}</span>
                      <br />
                      {w.list(e.list)}
                      {e.legalBasis && <div className="text-std-14N-170">{e.legalBasis}</div>}
                    </td>
                    <td className="px-3 py-2">{endpoint(e.from)}</td>
                    <td className="px-3 py-2">{endpoint(e.to)}</td>
                    <td className="px-3 py-2">{e.services.join(', ')}</td>
                    <td className="px-3 py-2">
                      {w.date(e.approvedOn)}
                      <br />
                      {e.approvedBy}
                    </td>
                    <td className="px-3 py-2">{w.date(e.expiresOn)}</td>
                    <td className="px-3 py-2">
                      <span className={e.status === 'expired' ? 'font-bold text-red-900' : undefined}>
                        {e.status === 'expired' ? '⚠ ' : ''}
                        {t(`network.exceptions.statuses.${e.status}`)}
                      </span>
                      {e.status === 'active' && days <= 60 && (
                        <div className="text-std-14N-170">{t('network.exceptions.expiring', { days })}</div>
                      )}
                    </td>
                    {manage && (
                      <td className="px-3 py-2">
                        <div className="flex flex-col gap-2">
                          <Renew item={e} />
                          <Button
                            size="sm"
                            variant="tertiary"
                            onPress={() => {
                              if (window.confirm(t('network.exceptions.deleteConfirm', { name: e.name })))
                                remove.mutate(e.id);
                            }}
                          >
                            {t('network.common.delete')}
                          </Button>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={8} className="px-3 py-4 text-solid-gray-700">
                    {t('network.exceptions.empty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Loaded>
      {manage && <ExceptionForm systems={systems.data?.items ?? []} />}
    </div>
  );
}
