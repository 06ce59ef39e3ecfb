/**
 * 登録済みの通信 (declared flows): source, destination, service and channel — direct, 無害化（メール・ファイル）or
 * 画面転送 with its required properties (no clipboard, no printer redirection, no drive mapping). Keepers edit every
 * flow; a 情報システム管理者 the flows from their own system (the server decides).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ALL_TIERS } from '../../../src/domain/tiers.ts';
import { MECHANISMS } from '../../../src/modules/network/contract.ts';
import type { NetworkFlowView } from '../../../src/modules/network/register.service.ts';
import { ApiError, del, get, may, patch, post, useMe } from '../../api.ts';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { useNetworkWords } from './labels.ts';
import { type NetworkSystemView, networkKeys } from './types.ts';

const flowsKey = ['network', 'flows'] as const;

function useRegister() {
  const flows = useQuery({ queryKey: flowsKey, queryFn: () => get<{ items: NetworkFlowView[] }>('/network/flows') });
  const systems = useQuery({
    queryKey: networkKeys.systems,
    queryFn: () => get<{ items: NetworkSystemView[] }>('/network/systems'),
  });
  return { flows, systems };
}

/** 画面転送の条件 in words: met, or which of clipboard / printer / drive is still shared. */
function useConditions() {
  const { t } = useNetworkWords();
  return (f: Pick<NetworkFlowView, 'mechanism' | 'screenTransfer'>) => {
    if (f.mechanism !== 'screen-transfer') return null;
    const st = f.screenTransfer;
    const missing = (['clipboard', 'printer', 'drive'] as const).filter((k) => !st || st[k]);
    return missing.length
      ? t('network.flows.conditionsNotMet', { missing: missing.map((k) => t(`network.flows.${k}`)).join('・') })
      : t('network.flows.conditionsMet');
  };
}

export function FlowsTable({ systemId }: { systemId?: string }) {
  const w = useNetworkWords();
  const { t } = w;
  const { data: me } = useMe();
  const { flows, systems } = useRegister();
  const conditions = useConditions();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => del(`/network/flows/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['network'] }),
  });
  const names = new Map((systems.data?.items ?? []).map((s) => [s.id, s.name]));
  const target = (to: string) =>
    to.startsWith('tier:') ? t('network.flows.toTier', { tier: w.tier(to.slice(5)) }) : (names.get(to) ?? to);
  const mayEdit = may(me ?? undefined, 'network_system', 'edit');
  return (
    <Loaded query={flows}>
      {(data) => {
        const items = data.items.filter((f) => !systemId || f.fromSystemId === systemId || f.to === systemId);
        return (
          <table className="w-full border-collapse text-left text-std-16N-170">
            <caption className="pb-2 text-left text-std-17B-170">
              {t('network.pages.flows')} {t('network.flows.count', { count: items.length })}
            </caption>
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                {(['from', 'to', 'service', 'mechanism', 'justification'] as const).map((c) => (
                  <th key={c} scope="col" className="px-3 py-2">
                    {t(`network.flows.${c}`)}
                  </th>
                ))}
                {mayEdit && (
                  <th scope="col" className="px-3 py-2">
                    {t('network.common.actions')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id} className="border-b border-solid-gray-200 align-top" data-flow={f.id}>
                  <td className="px-3 py-2">{names.get(f.fromSystemId) ?? f.fromSystemId}</td>
                  <td className="px-3 py-2">{target(f.to)}</td>
                  <td className="px-3 py-2">{f.service}</td>
                  <td className="px-3 py-2">
                    {w.mechanism(f.mechanism)}
                    {conditions(f) && <div className="text-std-14N-170">{conditions(f)}</div>}
                  </td>
                  <td className="px-3 py-2">{f.justification}</td>
                  {mayEdit && (
                    <td className="px-3 py-2">
                      <div className="flex flex-wrap gap-2">
                        <ButtonLink to={`/network/flows/${f.id}`} size="sm" variant="secondary">
                          {t('network.common.edit')}
                        </ButtonLink>
                        <Button
                          size="sm"
                          variant="tertiary"
                          onPress={() => {
                            if (window.confirm(t('network.flows.deleteConfirm'))) remove.mutate(f.id);
                          }}
                        >
                          {t('network.common.delete')}
                        </Button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-3 py-4 text-solid-gray-700">
                    {t('network.flows.empty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        );
      }}
    </Loaded>
  );
}

function FlowForm({ initial }: { initial?: NetworkFlowView }) {
  const w = useNetworkWords();
  const { t } = w;
  const msg = useBilingual();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { systems } = useRegister();
  const options = systems.data?.items ?? [];
  const [from, setFrom] = useState(initial?.fromSystemId ?? '');
  const [to, setTo] = useState(initial?.to ?? '');
  const [service, setService] = useState(initial?.service ?? 'tcp/443');
  const [mechanism, setMechanism] = useState<string>(initial?.mechanism ?? 'direct');
  const [justification, setJustification] = useState(initial?.justification ?? '');
  const st = initial?.screenTransfer;
  const [clipboardOff, setClipboardOff] = useState(st ? !st.clipboard : false);
  const [printerOff, setPrinterOff] = useState(st ? !st.printer : false);
  const [driveOff, setDriveOff] = useState(st ? !st.drive : false);
  const save = useMutation({
    mutationFn: () => {
      const screenTransfer =
        mechanism === 'screen-transfer' ? { clipboard: !clipboardOff, printer: !printerOff, drive: !driveOff } : null;
      return initial
        ? patch(`/network/flows/${initial.id}`, { service, mechanism, justification, screenTransfer })
        : post('/network/flows', { fromSystemId: from, to, service, mechanism, justification, screenTransfer });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['network'] });
      navigate('/network/flows');
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const fieldError = (f: string) => {
    const found = err?.fields.find((x) => x.field === f || x.field.startsWith(`${f}.`));
    return found ? msg(found.message) : undefined;
  };
  const systemOptions = [
    { value: '', label: '—' },
    ...options.map((s) => ({ value: s.id, label: `${s.name}（${w.tier(s.tier)}）` })),
  ];
  const toOptions = [
    ...systemOptions,
    ...ALL_TIERS.map((x) => ({ value: `tier:${x}`, label: t('network.flows.toTier', { tier: w.tier(x) }) })),
  ];
  return (
    <form
      noValidate
      className="flex max-w-[48rem] flex-col gap-5"
      aria-labelledby="flow-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="flow-form-title" className="text-std-24B-150">
        {initial ? t('network.flows.editTitle') : t('network.flows.newTitle')}
      </h2>
      <p>{t('network.flows.lead')}</p>
      {err && (
        <NotificationBanner kind="error" title={t('network.common.saveFailed')}>
          {msg(err.bilingual)}
        </NotificationBanner>
      )}
      {initial && <p className="text-std-16N-170 text-solid-gray-700">{t('network.flows.fixedEnds')}</p>}
      {initial ? (
        <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-std-16N-170">
          <dt className="font-bold">{t('network.flows.from')}</dt>
          <dd>{systemOptions.find((o) => o.value === from)?.label ?? from}</dd>
          <dt className="font-bold">{t('network.flows.to')}</dt>
          <dd>{toOptions.find((o) => o.value === to)?.label ?? to}</dd>
        </dl>
      ) : (
        <>
          <Select
            id="flow-from"
            label={t('network.flows.from')}
            required
            width="full"
            value={from}
            onChange={setFrom}
            options={systemOptions}
            error={fieldError('fromSystemId')}
          />
          <Select
            id="flow-to"
            label={t('network.flows.to')}
            required
            width="full"
            value={to}
            onChange={setTo}
            error={fieldError('to')}
            options={toOptions}
          />
        </>
      )}
      <TextField
        id="flow-service"
        label={t('network.flows.service')}
        required
        width="s"
        help={t('network.flows.serviceHelp')}
        value={service}
        onChange={setService}
        error={fieldError('service')}
      />
      <Select
        id="flow-mechanism"
        label={t('network.flows.mechanism')}
        required
        width="l"
        value={mechanism}
        onChange={setMechanism}
        options={MECHANISMS.map((m) => ({ value: m, label: w.mechanism(m) }))}
      />
      {mechanism === 'screen-transfer' && (
        <fieldset className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 px-5 py-4">
          <legend className="px-1 text-std-17B-170">{t('network.flows.conditions')}</legend>
          <Checkbox id="flow-clipboard" isSelected={clipboardOff} onChange={setClipboardOff}>
            {t('network.flows.clipboardOff')}
          </Checkbox>
          <Checkbox id="flow-printer" isSelected={printerOff} onChange={setPrinterOff}>
            {t('network.flows.printerOff')}
          </Checkbox>
          <Checkbox id="flow-drive" isSelected={driveOff} onChange={setDriveOff}>
            {t('network.flows.driveOff')}
          </Checkbox>
        </fieldset>
      )}
      <TextField
        id="flow-justification"
        label={t('network.flows.justification')}
        required
        value={justification}
        onChange={setJustification}
        error={fieldError('justification')}
      />
      <div className="flex gap-4">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('network.common.save')}
        </Button>
        <Button variant="secondary" onPress={() => navigate('/network/flows')}>
          {t('network.common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function FlowNew() {
  return <FlowForm />;
}

export function FlowEdit() {
  const { id = '' } = useParams();
  const { flows } = useRegister();
  return (
    <Loaded query={flows}>
      {(data) => {
        const flow = data.items.find((f) => f.id === id);
        return flow ? <FlowForm initial={flow} /> : <NotificationBanner kind="error">404</NotificationBanner>;
      }}
    </Loaded>
  );
}

export default function FlowsPage() {
  const { t } = useNetworkWords();
  const { data: me } = useMe();
  return (
    <div className="flex flex-col gap-4">
      <p>{t('network.flows.lead')}</p>
      {may(me ?? undefined, 'network_system', 'edit') && (
        <div>
          <ButtonLink to="/network/flows/new" variant="secondary">
            {t('network.flows.new')}
          </ButtonLink>
        </div>
      )}
      <FlowsTable />
    </div>
  );
}
