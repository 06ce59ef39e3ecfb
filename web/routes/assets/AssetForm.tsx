/**
 * 情報資産の登録・編集: every register field of the contract. Levels come from the scheme (the one in force for a new
 * asset, the asset's own when editing); dates accept 和暦 (令和8年4月1日, R8.4.1) as well as 2026-04-01. The server's
 * field errors are shown in a summary at the top and under each field; nothing typed is lost on an error.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, type FieldError, get, patch, post } from '../../api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded, useErrorText } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../lib/page.tsx';
import { toIsoDate, WarekiDateField } from './DateInput.tsx';
import { AXIS_KEYS, type AxisKey, levelsOf, schemeInForce, useSchemes, useUnits } from './hooks.ts';
import { type LinkDraft, LinksEditor } from './LinksEditor.tsx';
import {
  ASSET_KIND_LABELS,
  ASSET_KINDS,
  ASSET_MEDIA,
  ASSET_MEDIUM_LABELS,
  ASSET_TIER_LABELS,
  ASSET_TIERS,
  type AssetDetail,
  assetKeys,
  PERSON_COUNT_LABELS,
  PERSON_COUNTS,
} from './types.ts';

const TEXT_FIELDS = ['ref', 'name', 'business', 'location', 'retention', 'userScope', 'contractor', 'note'] as const;
const DATE_FIELDS = ['retentionUntil', 'nextReviewOn', 'lastReviewedOn'] as const;
type TextKey = (typeof TEXT_FIELDS)[number];
type DateKey = (typeof DATE_FIELDS)[number];

interface Draft extends Record<TextKey | DateKey | AxisKey, string> {
  kind: string;
  orgUnitId: string;
  medium: string;
  tier: string;
  schemeId: string;
  personCount: string;
  hasPersonal: boolean;
  hasSpecificPersonal: boolean;
  hasSensitivePersonal: boolean;
  reason: string;
}

function initialDraft(a: AssetDetail | undefined, schemeId: string): Draft {
  return {
    ref: a?.ref ?? '',
    name: a?.name ?? '',
    kind: a?.kind ?? 'INFORMATION',
    business: a?.business ?? '',
    orgUnitId: a?.orgUnitId ?? '',
    medium: a?.medium ?? 'ELECTRONIC',
    location: a?.location ?? '',
    tier: a?.tier ?? 'lgwan',
    schemeId: a?.scheme?.id ?? schemeId,
    confidentiality: a?.confidentiality?.code ?? '',
    integrity: a?.integrity?.code ?? '',
    availability: a?.availability?.code ?? '',
    hasPersonal: a?.hasPersonal ?? false,
    hasSpecificPersonal: a?.hasSpecificPersonal ?? false,
    hasSensitivePersonal: a?.hasSensitivePersonal ?? false,
    personCount: a?.personCount ?? '',
    retention: a?.retention ?? '',
    retentionUntil: a?.retentionUntil ?? '',
    userScope: a?.userScope ?? '',
    contractor: a?.contractor ?? '',
    nextReviewOn: a?.nextReviewOn ?? '',
    lastReviewedOn: a?.lastReviewedOn ?? '',
    note: a?.note ?? '',
    reason: '',
  };
}

function AssetForm({ asset, schemeId }: { asset?: AssetDetail; schemeId: string }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const client = useQueryClient();
  const schemes = useSchemes();
  const units = useUnits();
  const [d, setD] = useState<Draft>(() => initialDraft(asset, schemeId));
  const [links, setLinks] = useState<LinkDraft[]>(
    (asset?.links ?? [])
      .filter((l) => l.direction === 'outgoing')
      .map((l) => ({ kind: l.kind, targetId: l.other.id, label: `${l.other.ref} ${l.other.name}` })),
  );
  const [localErrors, setLocalErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setD((x) => ({ ...x, [k]: v }));
  const scheme = schemes.data?.items.find((s) => s.id === d.schemeId);
  const classChanged =
    !!asset &&
    (d.schemeId !== (asset.scheme?.id ?? '') || AXIS_KEYS.some((axis) => d[axis] !== (asset[axis]?.code ?? '')));

  const save = useMutation({
    mutationFn: () => {
      const body = {
        ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, k === 'ref' || k === 'name' ? d[k] : d[k].trim() || null])),
        ...Object.fromEntries(DATE_FIELDS.map((k) => [k, toIsoDate(d[k]) || null])),
        kind: d.kind,
        orgUnitId: d.orgUnitId || null,
        medium: d.medium,
        tier: d.tier,
        ...(d.schemeId ? { schemeId: d.schemeId } : {}),
        ...Object.fromEntries(AXIS_KEYS.map((axis) => [axis, d[axis] || null])),
        hasPersonal: d.hasPersonal,
        hasSpecificPersonal: d.hasSpecificPersonal,
        hasSensitivePersonal: d.hasSensitivePersonal,
        personCount: d.personCount || null,
        links: links.map((l) => ({ kind: l.kind, targetId: l.targetId })),
        ...(asset && d.reason.trim() ? { reason: d.reason.trim() } : {}),
      };
      return asset ? patch<AssetDetail>(`/assets/${asset.id}`, body) : post<AssetDetail>('/assets', body);
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: assetKeys.all });
      navigate(`/assets/${saved.id}`);
    },
    onError: () => setAttempt((n) => n + 1),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = DATE_FIELDS.filter((k) => d[k].trim() && !toIsoDate(d[k])).map((k) => ({
      field: k,
      message: { ja: t('assets.form.dateInvalid', { lng: 'ja' }), en: t('assets.form.dateInvalid', { lng: 'en' }) },
    }));
    setLocalErrors(problems);
    if (problems.length) {
      setAttempt((n) => n + 1);
      return;
    }
    save.mutate();
  }

  const err = save.error instanceof ApiError ? save.error : null;
  // One error per field, the first (an empty 管理番号 is both missing and malformed: say only that it is missing).
  const errors = (localErrors.length ? localErrors : (err?.fields ?? [])).filter(
    (e, i, all) => all.findIndex((x) => x.field === e.field) === i,
  );
  const byField = errorsByField(errors);
  const errorOf = (f: string) => msg(byField.get(f)) || undefined;
  const labels: Record<string, string> = Object.fromEntries(
    [
      ...TEXT_FIELDS,
      ...DATE_FIELDS,
      ...AXIS_KEYS,
      'kind',
      'medium',
      'tier',
      'personCount',
      'reason',
      'hasPersonal',
    ].map((k) => [k, t(`assets.fields.${k === 'hasPersonal' ? 'personal' : k}`)]),
  );
  labels.orgUnitId = t('assets.fields.unit');
  labels.schemeId = t('assets.fields.scheme');
  const text = (k: TextKey, opts: { required?: boolean; width?: 'xs' | 's' | 'm' | 'l' | 'full'; max: number }) => (
    <TextField
      id={fieldId(k)}
      label={labels[k]}
      help={t(`assets.form.help.${k}`, { defaultValue: '' }) || undefined}
      required={opts.required}
      width={opts.width ?? 'l'}
      value={d[k]}
      onChange={set(k)}
      maxLength={opts.max}
      error={errorOf(k)}
    />
  );
  const date = (k: DateKey) => (
    <WarekiDateField
      id={fieldId(k)}
      label={labels[k]}
      help={t(`assets.form.help.${k}`, { defaultValue: '' }) || undefined}
      value={d[k]}
      onChange={set(k)}
      error={errorOf(k)}
    />
  );

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-6">
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      {err && err.fields.length === 0 && (
        <NotificationBanner kind="error" title={t('assets.form.failed')}>
          {errorText(err)}
        </NotificationBanner>
      )}

      <fieldset className="flex flex-col gap-5">
        <legend className="mb-3 text-std-24B-150">{t('assets.form.basics')}</legend>
        {text('ref', { required: true, width: 's', max: 40 })}
        {text('name', { required: true, max: 200 })}
        <Select
          id={fieldId('kind')}
          label={labels.kind}
          required
          value={d.kind}
          onChange={set('kind')}
          options={ASSET_KINDS.map((k) => ({ value: k, label: ASSET_KIND_LABELS[k] }))}
          error={errorOf('kind')}
        />
        {text('business', { max: 100, width: 'm' })}
        <Select
          id={fieldId('orgUnitId')}
          label={labels.orgUnitId}
          help={t('assets.form.help.orgUnitId')}
          width="l"
          value={d.orgUnitId}
          onChange={set('orgUnitId')}
          options={[
            { value: '', label: t('assets.form.noUnit') },
            ...(units.data?.items ?? [])
              .filter((u) => !u.validTo || u.id === d.orgUnitId)
              .map((u) => ({ value: u.id, label: u.path })),
          ]}
          error={errorOf('orgUnitId')}
        />
        <Select
          id={fieldId('medium')}
          label={labels.medium}
          required
          value={d.medium}
          onChange={set('medium')}
          options={ASSET_MEDIA.map((m) => ({ value: m, label: ASSET_MEDIUM_LABELS[m] }))}
          error={errorOf('medium')}
        />
        {text('location', { max: 200 })}
        <Select
          id={fieldId('tier')}
          label={labels.tier}
          required
          help={t('assets.form.help.tier')}
          value={d.tier}
          onChange={set('tier')}
          options={ASSET_TIERS.map((m) => ({ value: m, label: ASSET_TIER_LABELS[m] }))}
          error={errorOf('tier')}
        />
      </fieldset>

      <fieldset className="flex flex-col gap-5 border-t border-solid-gray-200 pt-6">
        <legend className="mb-3 text-std-24B-150">{t('assets.form.classification')}</legend>
        <Select
          id={fieldId('schemeId')}
          label={labels.schemeId}
          help={asset ? t('assets.form.help.schemeEdit') : t('assets.form.help.schemeNew')}
          width="l"
          value={d.schemeId}
          onChange={(v) => setD((x) => ({ ...x, schemeId: v, confidentiality: '', integrity: '', availability: '' }))}
          options={(schemes.data?.items ?? []).map((s) => ({
            value: s.id,
            label: s.inForce ? `${s.name}（${t('assets.detail.inForce')}）` : s.name,
          }))}
          error={errorOf('schemeId')}
        />
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          {AXIS_KEYS.map((axis) => (
            <Select
              key={axis}
              id={fieldId(axis)}
              label={labels[axis]}
              width="full"
              value={d[axis]}
              onChange={set(axis)}
              options={[
                { value: '', label: t('assets.form.unclassified') },
                ...levelsOf(scheme, axis).map((l) => ({ value: l.code, label: l.displayName })),
              ]}
              error={errorOf(axis)}
            />
          ))}
        </div>
        <details className="text-std-16N-170">
          <summary className="cursor-pointer text-blue-1000 underline">{t('assets.form.definitions')}</summary>
          <dl className="mt-2 flex flex-col gap-2">
            {AXIS_KEYS.flatMap((axis) =>
              levelsOf(scheme, axis).map((l) => (
                <div key={`${axis}:${l.code}`}>
                  <dt className="font-bold">
                    {l.displayName}
                    <span className="ml-2 text-dns-14N-130">［{l.label}］</span>
                  </dt>
                  <dd className="pl-4">{l.definition || '—'}</dd>
                </div>
              )),
            )}
          </dl>
        </details>
        {asset && (
          <TextArea
            id={fieldId('reason')}
            label={labels.reason}
            required={classChanged}
            help={t('assets.form.help.reason')}
            rows={2}
            value={d.reason}
            onChange={set('reason')}
            maxLength={500}
            error={errorOf('reason')}
          />
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-4 border-t border-solid-gray-200 pt-6">
        <legend className="mb-3 text-std-24B-150">{t('assets.form.personalData')}</legend>
        <div className="flex flex-col gap-1" id={fieldId('hasPersonal')}>
          <Checkbox id="asset-personal" isSelected={d.hasPersonal} onChange={set('hasPersonal')}>
            {t('assets.fields.personal')}
          </Checkbox>
          <Checkbox id="asset-specific" isSelected={d.hasSpecificPersonal} onChange={set('hasSpecificPersonal')}>
            {t('assets.fields.specificPersonal')}
          </Checkbox>
          <Checkbox id="asset-sensitive" isSelected={d.hasSensitivePersonal} onChange={set('hasSensitivePersonal')}>
            {t('assets.fields.sensitivePersonal')}
          </Checkbox>
        </div>
        <Select
          id={fieldId('personCount')}
          label={labels.personCount}
          help={t('assets.form.help.personCount')}
          width="m"
          value={d.personCount}
          onChange={set('personCount')}
          options={[
            { value: '', label: t('assets.form.notSet') },
            ...PERSON_COUNTS.map((p) => ({ value: p, label: PERSON_COUNT_LABELS[p] })),
          ]}
          error={errorOf('personCount')}
        />
      </fieldset>

      <fieldset className="flex flex-col gap-5 border-t border-solid-gray-200 pt-6">
        <legend className="mb-3 text-std-24B-150">{t('assets.form.management')}</legend>
        {text('retention', { max: 50, width: 'm' })}
        {date('retentionUntil')}
        {text('userScope', { max: 200 })}
        {text('contractor', { max: 200 })}
        {date('nextReviewOn')}
        {date('lastReviewedOn')}
        <TextArea
          id={fieldId('note')}
          label={labels.note}
          rows={3}
          value={d.note}
          onChange={set('note')}
          maxLength={2000}
          error={errorOf('note')}
        />
      </fieldset>

      <div className="border-t border-solid-gray-200 pt-6">
        <LinksEditor links={links} onChange={setLinks} selfId={asset?.id} errorOf={errorOf} />
      </div>

      <div className="flex flex-wrap gap-4">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {asset ? t('assets.form.save') : t('assets.form.create')}
        </Button>
        <Button variant="secondary" onPress={() => navigate(asset ? `/assets/${asset.id}` : '/assets')}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function AssetNewPage() {
  const { t } = useTranslation();
  const schemes = useSchemes();
  usePageTitle(t('assets.form.newTitle'));
  return (
    <>
      <div>
        <Breadcrumb items={[{ label: t('assets.title'), href: '/assets' }, { label: t('assets.form.newTitle') }]} />
        <h1 className="text-std-32B-150 text-solid-gray-900">{t('assets.form.newTitle')}</h1>
        <p className="mt-2 text-std-16N-170">{t('assets.form.lead')}</p>
      </div>
      <Loaded query={schemes}>{(s) => <AssetForm schemeId={schemeInForce(s)?.id ?? ''} />}</Loaded>
    </>
  );
}

export function AssetEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: assetKeys.detail(id), queryFn: () => get<AssetDetail>(`/assets/${id}`) });
  const title = query.data ? t('assets.form.editTitle', { name: query.data.name }) : t('assets.detail.edit');
  usePageTitle(title);
  return (
    <>
      <div>
        <Breadcrumb
          items={[
            { label: t('assets.title'), href: '/assets' },
            ...(query.data ? [{ label: query.data.name, href: `/assets/${id}` }] : []),
            { label: t('assets.detail.edit') },
          ]}
        />
        <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
      </div>
      <Loaded query={query}>
        {(a) =>
          a.can.edit && a.status === 'ACTIVE' ? (
            <AssetForm asset={a} schemeId={a.scheme?.id ?? ''} />
          ) : (
            <NotificationBanner kind="warning" live={false}>
              {a.status === 'ACTIVE' ? t('assets.form.cannotEdit') : t('assets.detail.disposed')}
            </NotificationBanner>
          )
        }
      </Loaded>
    </>
  );
}
