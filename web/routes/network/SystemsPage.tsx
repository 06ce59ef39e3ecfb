/**
 * 情報システム台帳: the list, and an edit form for one system (keepers: every system; 情報システム管理者: their own)
 * with its terminal groups and their controls (多要素認証, 情報持ち出し不可設定, EDR).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ALL_TIERS } from '../../../src/domain/tiers.ts';
import type { TerminalGroup } from '../../../src/modules/network/contract.ts';
import { ApiError, get, patch, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { FlowsTable } from './FlowsPage.tsx';
import { useNetworkWords } from './labels.ts';
import { type NetworkSystemView, networkKeys, type UnitOption } from './types.ts';

const MFA = ['enforced', 'none', 'unknown'] as const;
const EXPORT = ['blocked', 'read-only', 'allowed', 'unknown'] as const;

/** Units for the 所管課 select and filter (closed units only when already chosen). */
function useUnitOptions(current = '') {
  const units = useQuery({
    queryKey: networkKeys.units,
    queryFn: () => get<{ items: UnitOption[] }>('/units'),
    staleTime: 300_000,
  });
  return (units.data?.items ?? [])
    .filter((u) => !u.validTo || u.id === current)
    .map((u) => ({ value: u.id, label: u.path }));
}

export function SystemsList() {
  const w = useNetworkWords();
  const { t } = w;
  const [unitId, setUnitId] = useState('');
  const unitOptions = useUnitOptions(unitId);
  const query = useQuery({
    queryKey: [...networkKeys.systems, { unitId }],
    queryFn: () =>
      get<{ items: NetworkSystemView[] }>(
        unitId ? `/network/systems?unitId=${encodeURIComponent(unitId)}` : '/network/systems',
      ),
  });
  const cols = ['name', 'tier', 'orgUnit', 'addresses', 'roles', 'manager', 'terminals'] as const;
  return (
    <div className="flex flex-col gap-4">
      <Select
        id="sys-filter-unit"
        label={t('network.systems.filterUnit')}
        width="l"
        value={unitId}
        onChange={setUnitId}
        options={[{ value: '', label: t('network.systems.allUnits') }, ...unitOptions]}
      />
      <Loaded query={query}>
        {(data) => (
          <table className="w-full border-collapse text-left text-std-16N-170">
            <caption className="pb-2 text-left text-std-17B-170">
              {t('network.systems.count', { count: data.items.length })}
            </caption>
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                {cols.map((c) => (
                  <th key={c} scope="col" className="px-3 py-2">
                    {t(`network.systems.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id} className="border-b border-solid-gray-200 align-top">
                  <td className="px-3 py-2">
                    <Link to={`/network/systems/${s.id}`} className="text-blue-1000 underline">
                      {s.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{w.tier(s.tier)}</td>
                  <td className="px-3 py-2">{s.orgUnit?.name ?? '—'}</td>
                  <td className="px-3 py-2">{s.addresses.join(', ') || '—'}</td>
                  <td className="px-3 py-2">{s.roles.map(w.role).join(w.lang === 'ja' ? '、' : ', ') || '—'}</td>
                  <td className="px-3 py-2">{s.manager?.name ?? t('network.systems.unappointed')}</td>
                  <td className="px-3 py-2">
                    {s.terminalGroups.map((g) => (
                      <div key={g.name}>
                        {g.name}：{t(`network.systems.mfaValues.${g.mfa}`)}・
                        {t(`network.systems.exportValues.${g.exportBlocking}`)}・
                        {g.edr ? t('network.systems.edrYes') : t('network.systems.edrNo')}
                      </div>
                    ))}
                    {s.terminalGroups.length === 0 && '—'}
                  </td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={cols.length} className="px-3 py-4 text-solid-gray-700">
                    {t('network.systems.empty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Loaded>
    </div>
  );
}

const list = (s: string) =>
  s
    .split(/[,、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Terminal groups of one system, edited in place; the system form saves them with the rest. */
function TerminalGroups({
  groups,
  onChange,
  error,
}: {
  groups: TerminalGroup[];
  onChange: (g: TerminalGroup[]) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useNetworkWords();
  const set = (i: number, patchGroup: Partial<TerminalGroup>) =>
    onChange(groups.map((g, k) => (k === i ? { ...g, ...patchGroup } : g)));
  return (
    <fieldset className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 px-5 py-4">
      <legend className="px-1 text-std-18B-160">{t('network.systems.terminalsTitle')}</legend>
      <p className="text-std-16N-170">{t('network.systems.terminalsLead')}</p>
      {groups.length === 0 && <p>{t('network.systems.noGroups')}</p>}
      {groups.map((g, i) => (
        <fieldset
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          key={i}
          className="flex flex-col gap-3 border-t border-solid-gray-200 pt-3"
        >
          <legend className="sr-only">{t('network.systems.groupN', { n: i + 1 })}</legend>
          <div className="flex flex-wrap items-end gap-4">
            <TextField
              id={`tg-${i}-name`}
              label={t('network.systems.groupName')}
              required
              width="m"
              value={g.name}
              onChange={(v) => set(i, { name: v })}
              error={error(`terminalGroups.${i}.name`)}
            />
            <TextField
              id={`tg-${i}-count`}
              label={t('network.systems.groupCount')}
              width="s"
              inputMode="numeric"
              value={g.count == null ? '' : String(g.count)}
              onChange={(v) => set(i, { count: v.trim() === '' ? null : Number(v) })}
              error={error(`terminalGroups.${i}.count`)}
            />
          </div>
          <div className="flex flex-wrap items-end gap-4">
            <Select
              id={`tg-${i}-mfa`}
              label={t('network.systems.mfa')}
              width="m"
              value={g.mfa}
              onChange={(v) => set(i, { mfa: v as TerminalGroup['mfa'] })}
              options={MFA.map((v) => ({ value: v, label: t(`network.systems.mfaValues.${v}`) }))}
            />
            <Select
              id={`tg-${i}-export`}
              label={t('network.systems.exportBlocking')}
              width="m"
              value={g.exportBlocking}
              onChange={(v) => set(i, { exportBlocking: v as TerminalGroup['exportBlocking'] })}
              options={EXPORT.map((v) => ({ value: v, label: t(`network.systems.exportValues.${v}`) }))}
            />
          </div>
          <Checkbox id={`tg-${i}-edr`} isSelected={g.edr} onChange={(v) => set(i, { edr: v })}>
            {t('network.systems.edr')}
          </Checkbox>
          <div>
            <Button variant="tertiary" size="sm" onPress={() => onChange(groups.filter((_, k) => k !== i))}>
              {t('network.systems.removeGroup')}
            </Button>
          </div>
        </fieldset>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          onPress={() =>
            onChange([...groups, { name: '', count: null, mfa: 'unknown', exportBlocking: 'unknown', edr: false }])
          }
        >
          {t('network.systems.addGroup')}
        </Button>
      </div>
    </fieldset>
  );
}

function SystemForm({ initial, id }: { initial?: NetworkSystemView; id?: string }) {
  const w = useNetworkWords();
  const { t } = w;
  const msg = useBilingual();
  const [name, setName] = useState(initial?.name ?? '');
  const [tier, setTier] = useState<string>(initial?.tier ?? 'lgwan');
  const [addresses, setAddresses] = useState((initial?.addresses ?? []).join(', '));
  const [roles, setRoles] = useState((initial?.roles ?? []).join(', '));
  const [note, setNote] = useState(initial?.note ?? '');
  const [orgUnitId, setOrgUnitId] = useState(initial?.orgUnitId ?? '');
  const unitOptions = useUnitOptions(orgUnitId);
  const [groups, setGroups] = useState<TerminalGroup[]>(initial?.terminalGroups ?? []);
  const client = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        tier,
        addresses: list(addresses),
        roles: list(roles),
        terminalGroups: groups.map((g) => ({ ...g, count: g.count == null || Number.isNaN(g.count) ? null : g.count })),
        orgUnitId: orgUnitId || null,
        note: note || null,
      };
      return id ? patch(`/network/systems/${id}`, body) : post('/network/systems', body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['network'] });
      navigate('/network/systems');
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const fieldError = (f: string) => {
    const found = err?.fields.find((x) => x.field === f || x.field.startsWith(`${f}.`));
    return found ? msg(found.message) : undefined;
  };
  return (
    <form
      className="flex max-w-[48rem] flex-col gap-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {err && (
        <NotificationBanner kind="error" title={t('network.common.saveFailed')}>
          {msg(err.bilingual)}
        </NotificationBanner>
      )}
      <TextField
        id="sys-name"
        label={t('network.systems.name')}
        required
        value={name}
        onChange={setName}
        error={fieldError('name')}
      />
      <Select
        id="sys-tier"
        label={t('network.systems.tier')}
        required
        value={tier}
        onChange={setTier}
        width="l"
        options={ALL_TIERS.map((x) => ({ value: x, label: w.tier(x) }))}
      />
      <Select
        id="sys-unit"
        label={t('network.systems.orgUnit')}
        help={t('network.systems.orgUnitHelp')}
        width="l"
        value={orgUnitId}
        onChange={setOrgUnitId}
        options={[{ value: '', label: t('network.systems.noUnit') }, ...unitOptions]}
        error={fieldError('orgUnitId')}
      />
      <TextField
        id="sys-addresses"
        label={t('network.systems.addresses')}
        help={t('network.systems.addressesHelp')}
        value={addresses}
        onChange={setAddresses}
        error={fieldError('addresses')}
      />
      <TextField
        id="sys-roles"
        label={t('network.systems.roles')}
        help={t('network.systems.rolesHelp')}
        value={roles}
        onChange={setRoles}
        error={fieldError('roles')}
      />
      <TextField id="sys-note" label={t('network.systems.note')} value={note} onChange={setNote} />
      <TerminalGroups groups={groups} onChange={setGroups} error={fieldError} />
      <div className="flex gap-4">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('network.common.save')}
        </Button>
        <Button variant="secondary" onPress={() => navigate('/network/systems')}>
          {t('network.common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function SystemEdit() {
  const { t } = useNetworkWords();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: networkKeys.system(id),
    queryFn: () => get<NetworkSystemView & { canEdit: boolean }>(`/network/systems/${id}`),
  });
  return (
    <Loaded query={query}>
      {(s) => (
        <div className="flex flex-col gap-8">
          {s.canEdit ? (
            <SystemForm initial={s} id={id} />
          ) : (
            <NotificationBanner kind="warning" live={false}>
              {t('network.systems.cannotEdit')}
            </NotificationBanner>
          )}
          <section aria-labelledby="system-flows" className="flex flex-col gap-2">
            <h2 id="system-flows" className="text-std-20B-150">
              {t('network.systems.flowsOfSystem')}
            </h2>
            <FlowsTable systemId={id} />
          </section>
        </div>
      )}
    </Loaded>
  );
}

export function SystemNew() {
  return <SystemForm />;
}
