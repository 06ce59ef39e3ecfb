/**
 * 関連する情報資産 on the form: what the asset is stored in, processed by, copied from or depends on. Targets are
 * found by a server-side search (管理番号 or 名称), never by loading the register.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, queryString } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorText } from '../../components/Field.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId } from '../../lib/forms.ts';
import { type AssetPage, assetKeys, LINK_KIND_LABELS, LINK_KINDS, type LinkKind } from './types.ts';

export interface LinkDraft {
  kind: LinkKind;
  targetId: string;
  label: string;
}

export function LinksEditor({
  links,
  onChange,
  selfId,
  errorOf,
}: {
  links: LinkDraft[];
  onChange: (links: LinkDraft[]) => void;
  selfId?: string;
  errorOf: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<LinkKind>('PROCESSED_BY');
  const [term, setTerm] = useState('');
  const [search, setSearch] = useState('');
  const qs = queryString({ q: search, limit: 10 });
  const found = useQuery({
    queryKey: assetKeys.search(qs),
    queryFn: () => get<AssetPage>(`/assets${qs}`),
    enabled: search.length > 0,
  });
  const candidates = (found.data?.items ?? []).filter(
    (a) => a.id !== selfId && !links.some((l) => l.targetId === a.id && l.kind === kind),
  );
  return (
    <fieldset className="flex flex-col gap-3" id={fieldId('links')}>
      <legend className="text-std-17B-170">{t('assets.form.links')}</legend>
      <p className="text-std-16N-170 text-solid-gray-700">{t('assets.form.linksHelp')}</p>
      {links.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label={t('assets.form.linksCurrent')}>
          {links.map((l, i) => (
            <li key={`${l.kind}:${l.targetId}`} id={fieldId(`links.${i}.targetId`)} className="flex flex-col gap-1">
              <div className="flex flex-wrap items-center gap-3 rounded-8 border border-solid-gray-200 px-4 py-2">
                <span className="font-bold">{LINK_KIND_LABELS[l.kind]}</span>
                <span>{l.label}</span>
                <Button
                  variant="tertiary"
                  size="sm"
                  onPress={() => onChange(links.filter((_, j) => j !== i))}
                  aria-label={t('assets.form.removeLink', { label: `${LINK_KIND_LABELS[l.kind]} ${l.label}` })}
                >
                  {t('assets.form.remove')}
                </Button>
              </div>
              {errorOf(`links.${i}.targetId`) && <ErrorText>{errorOf(`links.${i}.targetId`)}</ErrorText>}
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-end gap-4 rounded-8 bg-solid-gray-50 px-4 py-3">
        <Select
          id="link-kind"
          label={t('assets.form.linkKind')}
          hideMarker
          width="s"
          value={kind}
          onChange={(v) => setKind(v as LinkKind)}
          options={LINK_KINDS.map((k) => ({ value: k, label: LINK_KIND_LABELS[k] }))}
        />
        <TextField
          id="link-search"
          label={t('assets.form.linkSearch')}
          hideMarker
          width="m"
          value={term}
          onChange={setTerm}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              setSearch(term.trim());
            }
          }}
        />
        <Button variant="secondary" size="sm" onPress={() => setSearch(term.trim())}>
          {t('assets.form.linkFind')}
        </Button>
      </div>
      {search && (
        <div aria-live="polite">
          {found.isPending ? (
            <p>{t('common.loading')}</p>
          ) : candidates.length === 0 ? (
            <p>{t('assets.form.linkNone')}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {candidates.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-3">
                  <span>
                    {a.ref} {a.name}（{a.kindLabel}）
                  </span>
                  <Button
                    variant="secondary"
                    size="sm"
                    onPress={() => onChange([...links, { kind, targetId: a.id, label: `${a.ref} ${a.name}` }])}
                    aria-label={t('assets.form.addLink', { kind: LINK_KIND_LABELS[kind], name: a.name })}
                  >
                    {t('assets.form.add')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </fieldset>
  );
}
