/** 情報システム台帳: the list, and an edit form for one system (keepers: every system; 情報システム管理者: their own). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ALL_TIERS } from '../../../src/domain/tiers.ts';
import { ApiError, get, patch, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { type NetworkSystemView, networkKeys, tierName } from './types.ts';

const MFA = { enforced: '多要素認証あり', none: '多要素認証なし', unknown: '多要素認証不明' } as Record<string, string>;
const EXPORT = {
  blocked: '持出し不可',
  'read-only': '読取りのみ',
  allowed: '持出し可',
  unknown: '持出し設定不明',
} as Record<string, string>;

export function SystemsList() {
  const query = useQuery({
    queryKey: networkKeys.systems,
    queryFn: () => get<{ items: NetworkSystemView[] }>('/network/systems'),
  });
  return (
    <Loaded query={query}>
      {(data) => (
        <table className="w-full border-collapse text-left text-std-16N-170">
          <caption className="pb-2 text-left text-std-17B-170">情報システム {data.items.length}件</caption>
          <thead>
            <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
              <th scope="col" className="px-3 py-2">
                名称
              </th>
              <th scope="col" className="px-3 py-2">
                系
              </th>
              <th scope="col" className="px-3 py-2">
                アドレス
              </th>
              <th scope="col" className="px-3 py-2">
                役割
              </th>
              <th scope="col" className="px-3 py-2">
                情報システム管理者
              </th>
              <th scope="col" className="px-3 py-2">
                端末グループ
              </th>
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
                <td className="px-3 py-2">{tierName(s.tier)}</td>
                <td className="px-3 py-2">{s.addresses.join(', ') || '—'}</td>
                <td className="px-3 py-2">{s.roles.join(', ') || '—'}</td>
                <td className="px-3 py-2">{s.manager?.name ?? '未任命'}</td>
                <td className="px-3 py-2">
                  {s.terminalGroups.map((g) => (
                    <div key={g.name}>
                      {g.name}：{MFA[g.mfa]}・{EXPORT[g.exportBlocking]}・{g.edr ? 'EDRあり' : 'EDRなし'}
                    </div>
                  ))}
                  {s.terminalGroups.length === 0 && '—'}
                </td>
              </tr>
            ))}
            {data.items.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-4 text-solid-gray-700">
                  情報システムが登録されていません。「新しい情報システム」から登録してください。
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </Loaded>
  );
}

const list = (s: string) =>
  s
    .split(/[,、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function SystemForm({ initial, id }: { initial?: NetworkSystemView & { canEdit?: boolean }; id?: string }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [tier, setTier] = useState<string>(initial?.tier ?? 'lgwan');
  const [addresses, setAddresses] = useState((initial?.addresses ?? []).join(', '));
  const [roles, setRoles] = useState((initial?.roles ?? []).join(', '));
  const [note, setNote] = useState(initial?.note ?? '');
  const client = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: () => {
      const body = { name, tier, addresses: list(addresses), roles: list(roles), note: note || null };
      return id ? patch(`/network/systems/${id}`, body) : post('/network/systems', body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['network'] });
      navigate('/network/systems');
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const fieldError = (f: string) => err?.fields.find((x) => x.field === f || x.field.startsWith(`${f}.`))?.message.ja;
  return (
    <form
      className="flex max-w-[48rem] flex-col gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {err && (
        <NotificationBanner kind="error" title="保存できませんでした">
          {err.bilingual.ja}
        </NotificationBanner>
      )}
      <TextField id="sys-name" label="名称" required value={name} onChange={setName} error={fieldError('name')} />
      <Select
        id="sys-tier"
        label="系（セグメント）"
        required
        value={tier}
        onChange={setTier}
        width="l"
        options={ALL_TIERS.map((t) => ({ value: t, label: tierName(t) }))}
      />
      <TextField
        id="sys-addresses"
        label="アドレス・サブネット"
        help="IPアドレス又はCIDRを、読点又はカンマで区切って入力してください（例: 10.20.1.25, 10.20.2.0/24）。"
        value={addresses}
        onChange={setAddresses}
        error={fieldError('addresses')}
      />
      <TextField
        id="sys-roles"
        label="役割"
        help="例: lgwan-mail, mail-sanitizer, screen-transfer-gw, virtual-browser, security-cloud-egress, file-exchange"
        value={roles}
        onChange={setRoles}
        error={fieldError('roles')}
      />
      <TextField id="sys-note" label="備考" value={note} onChange={setNote} />
      <div className="flex gap-4">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          保存
        </Button>
        <Button variant="secondary" onPress={() => navigate('/network/systems')}>
          キャンセル
        </Button>
      </div>
    </form>
  );
}

export function SystemEdit() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: networkKeys.system(id),
    queryFn: () => get<NetworkSystemView & { canEdit: boolean }>(`/network/systems/${id}`),
  });
  return (
    <Loaded query={query}>
      {(s) =>
        s.canEdit ? (
          <SystemForm initial={s} id={id} />
        ) : (
          <NotificationBanner kind="warning" live={false}>
            この情報システムを編集する権限がありません。
          </NotificationBanner>
        )
      }
    </Loaded>
  );
}

export function SystemNew() {
  return <SystemForm />;
}
