/**
 * 分類基準 (/assets/schemes): the scheme in force today and the town's other schemes with their effective dates;
 * each one's level names, definitions and 取扱制限 (editable data: several definitions are [要確認]); and a new
 * scheme from one of the two presets (機密性3段階, or 令和6年10月版の自治体機密性3A〜1) from a chosen date.
 * Assets keep the scheme they were classified under until reclassified.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, may, post, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Loaded, PageSection, useErrorText } from '../../../components/PageParts.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { useSchemes } from '../hooks.ts';
import type { SchemeView as Scheme, SchemeList } from '../types.ts';
import { SchemeDates, SchemeEditor, SchemeLevels } from './SchemeEditor.tsx';

function CreateFromPreset({ list, onDone }: { list: SchemeList; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [preset, setPreset] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [name, setName] = useState('');
  const [missing, setMissing] = useState<{ preset?: boolean; date?: boolean }>({});
  const create = useMutation({
    mutationFn: () =>
      post<Scheme>('/asset-schemes', { preset, effectiveFrom, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      setPreset('');
      setEffectiveFrom('');
      setName('');
      onDone(t('assets.schemes.created', { name: s.name }));
    },
  });
  const fieldError = (f: string) => {
    const e = create.error instanceof ApiError ? create.error.fields.find((x) => x.field === f) : undefined;
    return e ? msg(e.message) : undefined;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = { preset: !preset, date: !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) };
    setMissing(m);
    if (!m.preset && !m.date) create.mutate();
  };
  const taken = new Set(list.items.map((s) => s.code));
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4" aria-labelledby="scheme-create-title">
      <h3 id="scheme-create-title" className="text-std-20B-150">
        {t('assets.schemes.createTitle')}
      </h3>
      {create.isError && !(create.error instanceof ApiError && create.error.fields.length) && (
        <NotificationBanner kind="error" title={t('assets.schemes.failed')}>
          {errorText(create.error)}
        </NotificationBanner>
      )}
      <Select
        id="field-preset"
        label={t('assets.schemes.preset')}
        required
        width="l"
        value={preset}
        onChange={setPreset}
        error={missing.preset ? t('assets.schemes.presetMissing') : fieldError('preset')}
        options={[
          { value: '', label: t('assets.schemes.choose') },
          ...list.presets.map((p) => ({
            value: p.code,
            label: `${p.name}${taken.has(p.code) ? t('assets.schemes.presetTaken') : ''}`,
          })),
        ]}
      />
      <DateField
        id="field-newEffectiveFrom"
        label={t('assets.schemes.effectiveFrom')}
        required
        help={t('assets.schemes.effectiveFromHelp')}
        value={effectiveFrom}
        onChange={setEffectiveFrom}
        error={missing.date ? t('assets.schemes.dateMissing') : fieldError('effectiveFrom')}
      />
      <TextField
        id="field-newName"
        label={t('assets.schemes.name')}
        help={t('assets.schemes.nameHelp')}
        maxLength={100}
        value={name}
        onChange={setName}
        error={fieldError('name')}
      />
      <div>
        <Button type="submit" isPending={create.isPending}>
          {t('assets.schemes.create')}
        </Button>
      </div>
    </form>
  );
}

export default function SchemesPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const query = useSchemes();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const canManage = may(me ?? undefined, 'asset_scheme', 'manage');

  return (
    <div className="flex flex-col gap-8">
      <p className="text-std-16N-170 text-solid-gray-800">{t('assets.schemes.lead')}</p>
      {notice && (
        <NotificationBanner kind="success" title={notice}>
          {null}
        </NotificationBanner>
      )}
      <Loaded query={query}>
        {(list) => {
          const current =
            list.items.find((s) => s.id === selected) ?? list.items.find((s) => s.inForce) ?? list.items[0];
          const sorted = [...list.items].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
          return (
            <>
              <PageSection id="schemes-list" title={t('assets.schemes.listTitle')} lead={t('assets.schemes.listLead')}>
                <ul className="flex flex-col gap-3" aria-label={t('assets.schemes.listTitle')}>
                  {sorted.map((s) => (
                    <li
                      key={s.id}
                      data-scheme={s.code}
                      className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-200 bg-white px-5 py-3"
                    >
                      <div className="flex flex-col gap-1">
                        <span className="text-std-17B-170">
                          {s.name}
                          {s.inForce && (
                            <span className="ml-3 inline-flex rounded-6 border border-green-900 bg-green-50 px-2 py-0.5 text-dns-14B-130 text-green-1000">
                              ✓ {t('assets.schemes.inForce')}
                            </span>
                          )}
                        </span>
                        <span className="text-dns-14N-130 text-solid-gray-800">
                          <SchemeDates scheme={s} />
                          {!s.inForce && s.effectiveFrom > list.on && `（${t('assets.schemes.future')}）`}
                        </span>
                      </div>
                      <Button
                        size="sm"
                        variant={current?.id === s.id ? 'primary' : 'secondary'}
                        aria-pressed={current?.id === s.id}
                        onPress={() => {
                          setSelected(s.id);
                          setEditing(false);
                        }}
                      >
                        {t('assets.schemes.show')}
                        <span className="sr-only">：{s.name}</span>
                      </Button>
                    </li>
                  ))}
                </ul>
              </PageSection>

              {current && (
                <PageSection
                  id="scheme-detail"
                  title={current.name}
                  lead={
                    <>
                      <SchemeDates scheme={current} />
                      {current.inForce ? `（${t('assets.schemes.inForce')}）` : ''}
                    </>
                  }
                  actions={
                    canManage && !editing ? (
                      <Button size="sm" variant="secondary" onPress={() => setEditing(true)}>
                        {t('assets.schemes.edit')}
                      </Button>
                    ) : undefined
                  }
                >
                  {editing ? (
                    <SchemeEditor
                      key={current.id}
                      scheme={current}
                      restrictions={list.restrictions}
                      onDone={(m) => {
                        setEditing(false);
                        if (m) setNotice(m);
                      }}
                    />
                  ) : (
                    <SchemeLevels scheme={current} />
                  )}
                </PageSection>
              )}

              {canManage && (
                <PageSection id="scheme-create" title={t('assets.schemes.newTitle')} lead={t('assets.schemes.newLead')}>
                  <CreateFromPreset
                    list={list}
                    onDone={(m) => {
                      setNotice(m);
                      setSelected(null);
                    }}
                  />
                </PageSection>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
