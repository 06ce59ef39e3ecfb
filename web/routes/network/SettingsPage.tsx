/**
 * ネットワークモデルの設定: the dated model (α, α′, β, β′) of the tenant, its history, a form for a new dated
 * setting, and the tier matrix of a model with each cell's clause (the same pure data the checker uses).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  cellFor,
  type MatrixCell,
  matrixFor,
  NETWORK_MODELS,
  type NetworkModel,
  SEGMENT_TIERS,
} from '../../../src/domain/tiers.ts';
import type { NetworkSetting } from '../../../src/modules/network/register.service.ts';
import { ApiError, del, get, may, post, useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DateField } from '../../components/DateField.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { useNetworkWords } from './labels.ts';
import { type ZoneDraft, ZonesEditor, zoneDrafts, zonesOf } from './ZonesEditor.tsx';

interface Settings {
  current: NetworkSetting | null;
  items: NetworkSetting[];
  today: string;
}
const key = ['network', 'settings'] as const;

function Matrix({ model }: { model: NetworkModel }) {
  const w = useNetworkWords();
  const { t } = w;
  const matrix = matrixFor(model);
  const cellText = (c: MatrixCell, same: boolean) =>
    same
      ? t('network.cellTypes.intra')
      : c.type === 'exact'
        ? t('network.cellTypes.exact', { list: w.list(c.list) })
        : c.type === 'sanitized'
          ? `${t('network.cellTypes.sanitized')}（${c.channels.map((m) => w.mechanism(m)).join('・')}）`
          : t(`network.cellTypes.${c.type}`);
  return (
    <table className="w-full border-collapse text-left text-std-14N-170" data-matrix={model}>
      <caption className="pb-2 text-left text-std-17B-170">
        {t('network.settings.matrixTitle', { model: w.model(model) })}
      </caption>
      <thead>
        <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
          <th scope="col" className="px-2 py-2">
            {t('network.settings.from')}
          </th>
          {SEGMENT_TIERS.map((to) => (
            <th key={to} scope="col" className="px-2 py-2">
              {w.tier(to)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {SEGMENT_TIERS.map((from) => (
          <tr key={from} className="border-b border-solid-gray-200 align-top">
            <th scope="row" className="px-2 py-2 text-left">
              {w.tier(from)}
            </th>
            {SEGMENT_TIERS.map((to) => {
              const c = cellFor(matrix, from, to);
              const same = from === to;
              return (
                <td
                  key={to}
                  className={same ? 'bg-solid-gray-50 px-2 py-2 text-solid-gray-700' : 'px-2 py-2'}
                  data-cell={`${from}->${to}`}
                >
                  <span className={c.type === 'forbidden' ? 'font-bold' : undefined}>{cellText(c, same)}</span>
                  {!same && (
                    <span className="mt-1 block text-solid-gray-700">
                      {c.clause.ref} {c.clause.summary}（{w.evidence(c.clause.label)}）
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewSetting({ current }: { current: NetworkSetting | null }) {
  const w = useNetworkWords();
  const { t } = w;
  const msg = useBilingual();
  const client = useQueryClient();
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [model, setModel] = useState<string>(current?.model ?? 'alpha');
  const [note, setNote] = useState('');
  const [zones, setZones] = useState<ZoneDraft[]>(() => zoneDrafts(current?.zones ?? []));
  const save = useMutation({
    mutationFn: () => post('/network/settings', { effectiveFrom, model, zones: zonesOf(zones), note: note || null }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['network'] }),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  /** Errors of a field and the fields inside it; `exact` for the zone list's own errors (a zone in use). */
  const fieldError = (f: string, exact = false) => {
    const found = err?.fields.filter((x) => x.field === f || (!exact && x.field.startsWith(`${f}.`)));
    return found?.length ? found.map((x) => msg(x.message)).join(' ') : undefined;
  };
  return (
    <form
      noValidate
      aria-labelledby="setting-form-title"
      className="flex max-w-[48rem] flex-col gap-5 rounded-12 border border-solid-gray-200 px-6 py-5"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="setting-form-title" className="text-std-20B-150">
        {t('network.settings.newTitle')}
      </h2>
      {err && (
        <NotificationBanner kind="error" title={t('network.common.saveFailed')}>
          {msg(err.bilingual)}
        </NotificationBanner>
      )}
      {save.isSuccess && <NotificationBanner kind="success">{t('network.common.saved')}</NotificationBanner>}
      <DateField
        id="setting-from"
        label={t('network.settings.effectiveFrom')}
        required
        value={effectiveFrom}
        onChange={setEffectiveFrom}
        error={fieldError('effectiveFrom')}
      />
      <Select
        id="setting-model"
        label={t('network.settings.model')}
        required
        width="l"
        value={model}
        onChange={setModel}
        help={t(`network.modelLead.${model}`)}
        options={NETWORK_MODELS.map((m) => ({ value: m, label: w.model(m) }))}
      />
      <TextField id="setting-note" label={t('network.settings.note')} value={note} onChange={setNote} />
      <ZonesEditor zones={zones} onChange={setZones} error={(f) => fieldError(f, f === 'zones')} />
      <div>
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('network.settings.submit')}
        </Button>
      </div>
    </form>
  );
}

export default function SettingsPage() {
  const w = useNetworkWords();
  const { t } = w;
  const { data: me } = useMe();
  const manage = may(me ?? undefined, 'network', 'manage');
  const client = useQueryClient();
  const query = useQuery({ queryKey: key, queryFn: () => get<Settings>('/network/settings') });
  const [shown, setShown] = useState<NetworkModel | null>(null);
  const withdraw = useMutation({
    mutationFn: (id: string) => del(`/network/settings/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['network'] }),
  });
  return (
    <Loaded query={query}>
      {(data) => {
        const model = shown ?? data.current?.model ?? 'alpha';
        return (
          <div className="flex flex-col gap-6">
            <p>{t('network.settings.lead')}</p>
            <div className="rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-4" role="status">
              <p className="text-std-18B-160">
                {t('network.settings.current')}：{data.current ? w.model(data.current.model) : w.model('alpha')}
              </p>
              <p>
                {data.current
                  ? `${t('network.settings.effectiveFrom')} ${w.date(data.current.effectiveFrom)}　${t(`network.modelLead.${data.current.model}`)}`
                  : t('network.settings.noCurrent')}
              </p>
            </div>
            <table className="w-full border-collapse text-left text-std-16N-170">
              <caption className="pb-2 text-left text-std-17B-170">{t('network.settings.history')}</caption>
              <thead>
                <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                  {(['effectiveFrom', 'model', 'zones', 'note'] as const).map((c) => (
                    <th key={c} scope="col" className="px-3 py-2">
                      {t(`network.settings.${c}`)}
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2">
                    {t('network.common.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => {
                  const state =
                    s.id === data.current?.id ? 'inForce' : s.effectiveFrom > data.today ? 'future' : 'past';
                  return (
                    <tr key={s.id} className="border-b border-solid-gray-200 align-top" data-setting={state}>
                      <td className="px-3 py-2">{w.date(s.effectiveFrom)}</td>
                      <td className="px-3 py-2">
                        {w.model(s.model)}（{t(`network.settings.${state}`)}）
                      </td>
                      <td className="px-3 py-2">
                        {s.zones.map((z) => `${w.tier(z.tier)} ${z.cidrs.join(', ')}`).join(' / ') || '—'}
                      </td>
                      <td className="px-3 py-2">{s.note ?? '—'}</td>
                      <td className="px-3 py-2">
                        {manage && state === 'future' && (
                          <Button
                            size="sm"
                            variant="tertiary"
                            onPress={() => {
                              if (
                                window.confirm(t('network.settings.withdrawConfirm', { date: w.date(s.effectiveFrom) }))
                              )
                                withdraw.mutate(s.id);
                            }}
                          >
                            {t('network.settings.withdraw')}
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {manage && <NewSetting current={data.current} />}
            <Select
              id="matrix-model"
              label={t('network.settings.matrixModel')}
              hideMarker
              value={model}
              onChange={(v) => setShown(v as NetworkModel)}
              options={NETWORK_MODELS.map((m) => ({ value: m, label: w.model(m) }))}
            />
            <p className="text-std-16N-170">{t('network.settings.matrixLead')}</p>
            <Matrix model={model} />
          </div>
        );
      }}
    </Loaded>
  );
}
