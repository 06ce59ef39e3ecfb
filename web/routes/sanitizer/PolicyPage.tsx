/**
 * 適用中のポリシー: makePolicy's defaults with the server's and the tenant's settings on top — the body
 * rules, the action per file type, archives and PPAP, the limits, what differs from the defaults, and the release
 * settings. The CISO and the 統括 edit the town's overrides here and may allow raw release, naming the 例外措置.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError, get, patch, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Facts, Loaded, PageSection, useErrorText } from '../../components/PageParts.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { PolicyOverridesForm } from './PolicyOverridesForm.tsx';
import { formatBytes, type PolicyView, sanitizerKeys } from './types.ts';

const TYPES = ['pdf', 'ooxml', 'legacyOffice', 'odf', 'rtf', 'image', 'text', 'html', 'calendar', 'archive'] as const;

function SettingsForm({ view }: { view: PolicyView }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [allow, setAllow] = useState(view.rawReleaseAllowed);
  const [basis, setBasis] = useState(view.rawReleaseBasis ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      patch<PolicyView>('/sanitizer/settings', { rawReleaseAllowed: allow, rawReleaseBasis: basis.trim() || null }),
    onSuccess: (v) => {
      queryClient.setQueryData(sanitizerKeys.policy, v);
      setErrors([]);
      setDone(t('sanitizer.policy.saved'));
    },
    onError: (e) => {
      setDone(null);
      if (e instanceof ApiError && e.fields.length) {
        setErrors(e.fields);
        setAttempt((n) => n + 1);
      } else setDone(errorText(e));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  const byField = errorsByField(errors);
  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="san-settings-title"
      className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
    >
      <h3 id="san-settings-title" className="text-std-20B-150">
        {t('sanitizer.policy.settings')}
      </h3>
      <p>{t('sanitizer.policy.settingsLead')}</p>
      <ErrorSummary
        items={summaryItems(errors, { rawReleaseBasis: t('sanitizer.policy.basis') }, msg)}
        focusKey={attempt}
      />
      <div role="status" aria-live="polite">
        {done && (
          <NotificationBanner kind="success" live={false}>
            {done}
          </NotificationBanner>
        )}
      </div>
      <Checkbox id={fieldId('rawReleaseAllowed')} isSelected={allow} onChange={setAllow}>
        {t('sanitizer.policy.allowRaw')}
      </Checkbox>
      <TextField
        id={fieldId('rawReleaseBasis')}
        label={t('sanitizer.policy.basis')}
        help={t('sanitizer.policy.basisHelp')}
        required={allow}
        value={basis}
        onChange={setBasis}
        maxLength={300}
        width="l"
        error={msg(byField.get('rawReleaseBasis')) || undefined}
      />
      <div>
        <Button type="submit" isPending={save.isPending}>
          {t('sanitizer.policy.saveSettings')}
        </Button>
      </div>
    </form>
  );
}

function View({ v }: { v: PolicyView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const p = v.effective;
  const onOff = (b: boolean) => (b ? t('sanitizer.policy.on') : t('sanitizer.policy.off'));
  const show = (x: unknown) => (typeof x === 'object' ? JSON.stringify(x) : String(x));
  return (
    <div className="flex flex-col gap-8">
      <p>{t('sanitizer.policy.lead')}</p>
      <Facts
        items={[
          { label: t('sanitizer.policy.version'), value: <code className="font-mono">{p.policyVersion}</code> },
          {
            label: t('sanitizer.policy.lastUsedLabel'),
            value: v.relayLastUsed
              ? t('sanitizer.policy.lastUsed', {
                  version: v.relayLastUsed.policyVersion,
                  date: formatDateTime(v.relayLastUsed.at, lang),
                })
              : t('sanitizer.policy.notUsed'),
          },
        ]}
      />

      <PageSection id="san-pol-body" title={t('sanitizer.policy.body')}>
        <Facts
          items={[
            { label: t('sanitizer.policy.bodyMode'), value: t('sanitizer.policy.bodyModeValue') },
            { label: t('sanitizer.policy.defangUrls'), value: onOff(p.body.defangUrls) },
            { label: t('sanitizer.policy.defangMailto'), value: onOff(p.body.defangMailto) },
            { label: t('sanitizer.policy.defangTel'), value: onOff(p.body.defangTel) },
            { label: t('sanitizer.policy.mismatch'), value: onOff(p.body.flagHrefTextMismatch) },
            { label: t('sanitizer.policy.charset'), value: p.body.outputCharset.toUpperCase() },
            { label: t('sanitizer.policy.subjectPrefix'), value: p.body.subjectPrefix || t('sanitizer.policy.none') },
          ]}
        />
      </PageSection>

      <PageSection id="san-pol-types" title={t('sanitizer.policy.types')}>
        <table className="w-full border-collapse text-left text-std-16N-170">
          <caption className="sr-only">{t('sanitizer.policy.typesCaption')}</caption>
          <thead>
            <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
              <th scope="col" className="px-4 py-2">
                {t('sanitizer.policy.typeCol')}
              </th>
              <th scope="col" className="px-4 py-2">
                {t('sanitizer.policy.actionCol')}
              </th>
            </tr>
          </thead>
          <tbody>
            {TYPES.map((k) => (
              <tr key={k} className="border-b border-solid-gray-200">
                <th scope="row" className="px-4 py-2 font-normal">
                  {t(`sanitizer.policy.typeNames.${k}`)}
                </th>
                <td className="px-4 py-2">
                  {t(`sanitizer.policy.actions.${p.types[k].action}`, { defaultValue: p.types[k].action })}
                  {k === 'pdf' &&
                    t('sanitizer.policy.pdfDetail', { dpi: p.types.pdf.dpi, pages: p.types.pdf.maxPages })}
                  {k === 'image' &&
                    t('sanitizer.policy.imageDetail', {
                      list: p.types.image.allow.join('、'),
                      out: p.types.image.out.toUpperCase(),
                    })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('sanitizer.policy.others')}</p>
      </PageSection>

      <PageSection id="san-pol-convert" title={t('sanitizer.overrides.convertSection')}>
        <Facts
          items={[
            { label: t('sanitizer.overrides.libreOfficeLabel'), value: onOff(p.useLibreOffice) },
            { label: t('sanitizer.overrides.avMode'), value: t(`sanitizer.overrides.av.${p.av.mode}`) },
          ]}
        />
      </PageSection>

      <PageSection id="san-pol-archive" title={t('sanitizer.policy.archive')}>
        <Facts
          items={[
            { label: t('sanitizer.policy.maxDepth'), value: String(p.archive.maxDepth) },
            { label: t('sanitizer.policy.maxEntries'), value: String(p.archive.maxEntries) },
            { label: t('sanitizer.policy.maxTotal'), value: formatBytes(p.archive.maxTotalBytes) },
            { label: t('sanitizer.policy.maxRatio'), value: String(p.archive.maxRatio) },
            {
              label: t('sanitizer.policy.encrypted'),
              value:
                p.archive.encrypted === 'ppap-hold'
                  ? t('sanitizer.policy.ppapHold')
                  : t('sanitizer.policy.actions.block'),
            },
          ]}
        />
      </PageSection>

      <PageSection id="san-pol-limits" title={t('sanitizer.policy.limits')}>
        <Facts
          items={[
            { label: t('sanitizer.policy.maxMessage'), value: formatBytes(p.limits.maxMessageBytes) },
            { label: t('sanitizer.policy.maxParts'), value: String(p.limits.maxParts) },
            { label: t('sanitizer.policy.maxAttachment'), value: formatBytes(p.limits.maxAttachmentBytes) },
            {
              label: t('sanitizer.policy.maxProcessing'),
              value: t('sanitizer.policy.seconds', { n: p.limits.maxProcessingMs / 1000 }),
            },
          ]}
        />
      </PageSection>

      <PageSection id="san-pol-diff" title={t('sanitizer.policy.differences')}>
        {v.differences.length === 0 ? (
          <p>{t('sanitizer.policy.noDifferences')}</p>
        ) : (
          <table className="w-full border-collapse text-left text-std-16N-170">
            <caption className="sr-only">{t('sanitizer.policy.differencesCaption')}</caption>
            <thead>
              <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
                <th scope="col" className="px-4 py-2">
                  {t('sanitizer.policy.path')}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t('sanitizer.policy.default')}
                </th>
                <th scope="col" className="px-4 py-2">
                  {t('sanitizer.policy.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {v.differences.map((d) => (
                <tr key={d.path} className="border-b border-solid-gray-200">
                  <th scope="row" className="px-4 py-2 font-mono font-normal">
                    {d.path}
                  </th>
                  <td className="px-4 py-2 font-mono">{show(d.from)}</td>
                  <td className="px-4 py-2 font-mono">{show(d.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {Object.keys(v.tenantOverrides).length > 0 && (
          <details>
            <summary className="cursor-pointer text-std-16B-170">{t('sanitizer.policy.overrides')}</summary>
            <pre className="mt-2 overflow-x-auto rounded-8 bg-solid-gray-50 px-4 py-3 text-dns-14N-130">
              {JSON.stringify(v.tenantOverrides, null, 2)}
            </pre>
          </details>
        )}
      </PageSection>

      {v.canManage && (
        <PageSection id="san-pol-edit" title={t('sanitizer.overrides.section')}>
          <PolicyOverridesForm view={v} />
        </PageSection>
      )}

      <PageSection id="san-pol-release" title={t('sanitizer.policy.release')}>
        <Facts
          items={[
            {
              label: t('sanitizer.policy.releaseDefault'),
              value: `${t('sanitizer.channels.RESANITIZE')}：${v.profiles.find((x) => x.code === v.releaseDefault)?.label[lang] ?? ''}`,
            },
            {
              label: t('sanitizer.policy.rawAllowed'),
              value: v.rawReleaseAllowed
                ? t('sanitizer.policy.rawAllowedYes', { basis: v.rawReleaseBasis ?? '' })
                : t('sanitizer.policy.rawAllowedNo'),
            },
            ...(v.updatedAt
              ? [
                  {
                    label: t('sanitizer.policy.updatedLabel'),
                    value: t('sanitizer.policy.updated', {
                      by: v.updatedBy ?? '',
                      date: formatDateTime(v.updatedAt, lang),
                    }),
                  },
                ]
              : []),
          ]}
        />
        {v.canManage && <SettingsForm view={v} />}
      </PageSection>
    </div>
  );
}

export default function PolicyPage() {
  const query = useQuery({ queryKey: sanitizerKeys.policy, queryFn: () => get<PolicyView>('/sanitizer/policy') });
  return <Loaded query={query}>{(v) => <View v={v} />}</Loaded>;
}
