/**
 * The tenant's own policy settings (団体の設定): the limits, image formats, CDR, LibreOffice, URL defanging, the
 * outgoing charset and the ClamAV mode. Only what differs from the server's policy is saved as an override (other
 * overrides set through the API are kept, unless they are looser than the server's policy and so not in force); the
 * server checks every value — a town may only tighten the server's policy — and names the field that is wrong, next
 * to it. The change is in the audit trail. A version of the town's own is required so records show which policy
 * processed a mail.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { looserFields } from '../../../src/modules/sanitizer/strictness.ts';
import type { PolicyInput } from '../../../src/sanitizer/policy.ts';
import { ApiError, type FieldError, patch, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { useErrorText } from '../../components/PageParts.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { type PolicyView, sanitizerKeys } from './types.ts';

type Policy = PolicyView['effective'];
type Json = Record<string, unknown>;

const MiB = 1048576;
const IMAGE_FORMATS = ['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp'] as const;
const AV_MODES = ['off', 'clamscan', 'clamd'] as const;
const P = (path: string) => `policyOverrides.${path}`;

interface State {
  policyVersion: string;
  maxMessageMb: string;
  maxAttachmentMb: string;
  maxParts: string;
  maxProcessingSec: string;
  imageAllow: string[];
  cdr: boolean;
  libreOffice: boolean;
  defangUrls: boolean;
  defangMailto: boolean;
  defangTel: boolean;
  charset: string;
  avMode: string;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

function stateOf(p: Policy, tenantVersion: unknown): State {
  return {
    policyVersion: typeof tenantVersion === 'string' ? tenantVersion : '',
    maxMessageMb: num(p.limits.maxMessageBytes / MiB),
    maxAttachmentMb: num(p.limits.maxAttachmentBytes / MiB),
    maxParts: String(p.limits.maxParts),
    maxProcessingSec: num(p.limits.maxProcessingMs / 1000),
    imageAllow: [...p.types.image.allow],
    cdr: p.types.ooxml.action === 'cdr',
    libreOffice: p.useLibreOffice,
    defangUrls: p.body.defangUrls,
    defangMailto: p.body.defangMailto,
    defangTel: p.body.defangTel,
    charset: p.body.outputCharset,
    avMode: p.av.mode,
  };
}

/** A number from the field, scaled; text that is not a number goes to the server as typed (it names the error). */
function scaled(text: string, factor: number): unknown {
  const t = text.trim().normalize('NFKC');
  return /^\d+(\.\d+)?$/.test(t) ? Math.round(Number(t) * factor) : t;
}

function getPath(o: Json, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);
}

function setPath(o: Json, path: string[], value: unknown) {
  let cur = o;
  for (const k of path.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[path[path.length - 1]] = value;
}

function deletePath(o: Json, path: string[]) {
  const parent = getPath(o, path.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Json)[path[path.length - 1]];
  // drop objects left empty, innermost first
  for (let i = path.length - 1; i > 0; i--) {
    const p = getPath(o, path.slice(0, i));
    if (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) {
      const up = i === 1 ? o : (getPath(o, path.slice(0, i - 1)) as Json);
      delete up[path[i - 1]];
    }
  }
}

/** Labels for the error summary; a field the form does not show (an override set through the API) by its path. */
function withPaths(labels: Record<string, string>, errors: FieldError[]): Record<string, string> {
  const out = { ...labels };
  for (const e of errors) if (!out[e.field] && e.field.startsWith(P(''))) out[e.field] = e.field.slice(P('').length);
  return out;
}

/** The overrides to save: the tenant's current ones, with each field of the form set where it differs from base. */
export function overridesFrom(s: State, view: PolicyView): Json {
  const base = view.base;
  const out = structuredClone(view.tenantOverrides) as Json;
  const ooxml = view.effective.types.ooxml.action;
  const notCdr = ooxml !== 'cdr' ? ooxml : base.types.ooxml.action !== 'cdr' ? base.types.ooxml.action : 'rasterize';
  const fields: [string, unknown][] = [
    ['limits.maxMessageBytes', scaled(s.maxMessageMb, MiB)],
    ['limits.maxAttachmentBytes', scaled(s.maxAttachmentMb, MiB)],
    ['limits.maxParts', scaled(s.maxParts, 1)],
    ['limits.maxProcessingMs', scaled(s.maxProcessingSec, 1000)],
    ['types.image.allow', IMAGE_FORMATS.filter((f) => s.imageAllow.includes(f))],
    ['types.ooxml.action', s.cdr ? 'cdr' : notCdr],
    ['useLibreOffice', s.libreOffice],
    ['body.defangUrls', s.defangUrls],
    ['body.defangMailto', s.defangMailto],
    ['body.defangTel', s.defangTel],
    ['body.outputCharset', s.charset],
    ['av.mode', s.avMode],
  ];
  for (const [path, value] of fields) {
    const keys = path.split('.');
    if (JSON.stringify(getPath(base as unknown as Json, keys)) === JSON.stringify(value)) deletePath(out, keys);
    else setPath(out, keys, value);
  }
  // an override kept from before that is looser than the server's policy is not in force; the form cannot show it,
  // so it is dropped rather than refused (the form's own fields are sent as set, for the server to name)
  const formPaths = new Set(fields.map(([path]) => path));
  for (const p of looserFields(base, out as PolicyInput))
    if (!formPaths.has(p.path)) deletePath(out, p.path.split('.'));
  delete out.policyVersion;
  if (Object.keys(out).length === 0) return {};
  return { policyVersion: s.policyVersion.trim(), ...out };
}

export function PolicyOverridesForm({ view }: { view: PolicyView }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [s, setS] = useState<State>(() => stateOf(view.effective, view.tenantOverrides.policyVersion));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const set =
    <K extends keyof State>(k: K) =>
    (v: State[K]) =>
      setS((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () => patch<PolicyView>('/sanitizer/settings', { policyOverrides: overridesFrom(s, view) }),
    onSuccess: (v) => {
      queryClient.setQueryData(sanitizerKeys.policy, v);
      setS(stateOf(v.effective, v.tenantOverrides.policyVersion));
      setErrors([]);
      setDone({ kind: 'success', text: t('sanitizer.overrides.saved', { version: v.effective.policyVersion }) });
    },
    onError: (e) => {
      setDone(null);
      if (e instanceof ApiError && e.fields.length) {
        setErrors(e.fields);
        setAttempt((n) => n + 1);
      } else setDone({ kind: 'error', text: errorText(e) });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  const byField = errorsByField(errors);
  const err = (path: string) => msg(byField.get(P(path))) || undefined;
  const labels: Record<string, string> = {
    [P('policyVersion')]: t('sanitizer.overrides.version'),
    [P('limits.maxMessageBytes')]: t('sanitizer.overrides.maxMessageMb'),
    [P('limits.maxAttachmentBytes')]: t('sanitizer.overrides.maxAttachmentMb'),
    [P('limits.maxParts')]: t('sanitizer.overrides.maxParts'),
    [P('limits.maxProcessingMs')]: t('sanitizer.overrides.maxProcessingSec'),
    [P('types.image.allow')]: t('sanitizer.overrides.imageAllow'),
    [P('types.ooxml.action')]: t('sanitizer.overrides.cdrLabel'),
    [P('useLibreOffice')]: t('sanitizer.overrides.libreOfficeLabel'),
    [P('body.defangUrls')]: t('sanitizer.policy.defangUrls'),
    [P('body.defangMailto')]: t('sanitizer.policy.defangMailto'),
    [P('body.defangTel')]: t('sanitizer.policy.defangTel'),
    [P('body.outputCharset')]: t('sanitizer.policy.charset'),
    [P('av.mode')]: t('sanitizer.overrides.avMode'),
  };
  const numberField = (key: keyof State, path: string, width: 'xs' | 's' = 's') => (
    <TextField
      id={fieldId(P(path))}
      label={labels[P(path)]}
      required
      width={width}
      inputMode="decimal"
      value={s[key] as string}
      onChange={set(key) as (v: string) => void}
      error={err(path)}
    />
  );
  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="san-overrides-title"
      className="flex flex-col gap-5 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
    >
      <h3 id="san-overrides-title" className="text-std-20B-150">
        {t('sanitizer.overrides.title')}
      </h3>
      <p>{t('sanitizer.overrides.lead')}</p>
      <ErrorSummary items={summaryItems(errors, withPaths(labels, errors), msg)} focusKey={attempt} />
      <div role="status" aria-live="polite">
        {done && (
          <NotificationBanner kind={done.kind} live={false}>
            {done.text}
          </NotificationBanner>
        )}
      </div>
      <TextField
        id={fieldId(P('policyVersion'))}
        label={t('sanitizer.overrides.version')}
        help={t('sanitizer.overrides.versionHelp', { current: view.base.policyVersion })}
        required
        width="m"
        maxLength={40}
        value={s.policyVersion}
        onChange={set('policyVersion')}
        error={err('policyVersion')}
      />
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-std-17B-170">{t('sanitizer.policy.limits')}</legend>
        {numberField('maxMessageMb', 'limits.maxMessageBytes')}
        {numberField('maxAttachmentMb', 'limits.maxAttachmentBytes')}
        {numberField('maxParts', 'limits.maxParts', 'xs')}
        {numberField('maxProcessingSec', 'limits.maxProcessingMs', 'xs')}
      </fieldset>
      <fieldset
        id={fieldId(P('types.image.allow'))}
        tabIndex={-1}
        className="flex flex-col gap-1"
        aria-describedby={err('types.image.allow') ? 'san-img-error' : undefined}
      >
        <legend className="mb-2 text-std-17B-170">{labels[P('types.image.allow')]}</legend>
        <p className="text-std-16N-170 text-solid-gray-700">{t('sanitizer.overrides.imageHelp')}</p>
        {err('types.image.allow') && (
          <p id="san-img-error" className="text-std-16N-170 text-red-900">
            {err('types.image.allow')}
          </p>
        )}
        <div className="flex flex-wrap gap-x-6">
          {IMAGE_FORMATS.map((f) => (
            <Checkbox
              key={f}
              id={`san-img-${f}`}
              isSelected={s.imageAllow.includes(f)}
              onChange={(on) =>
                setS((x) => ({ ...x, imageAllow: on ? [...x.imageAllow, f] : x.imageAllow.filter((y) => y !== f) }))
              }
            >
              {f.toUpperCase()}
            </Checkbox>
          ))}
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-2 text-std-17B-170">{t('sanitizer.overrides.documents')}</legend>
        <Checkbox
          id={fieldId(P('types.ooxml.action'))}
          isSelected={s.cdr}
          onChange={set('cdr')}
          error={err('types.ooxml.action')}
        >
          {t('sanitizer.overrides.cdr')}
        </Checkbox>
        <Checkbox
          id={fieldId(P('useLibreOffice'))}
          isSelected={s.libreOffice}
          onChange={set('libreOffice')}
          error={err('useLibreOffice')}
        >
          {t('sanitizer.overrides.libreOffice')}
        </Checkbox>
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-2 text-std-17B-170">{t('sanitizer.overrides.defang')}</legend>
        <Checkbox
          id={fieldId(P('body.defangUrls'))}
          isSelected={s.defangUrls}
          onChange={set('defangUrls')}
          error={err('body.defangUrls')}
        >
          {t('sanitizer.policy.defangUrls')}
        </Checkbox>
        <Checkbox
          id={fieldId(P('body.defangMailto'))}
          isSelected={s.defangMailto}
          onChange={set('defangMailto')}
          error={err('body.defangMailto')}
        >
          {t('sanitizer.policy.defangMailto')}
        </Checkbox>
        <Checkbox
          id={fieldId(P('body.defangTel'))}
          isSelected={s.defangTel}
          onChange={set('defangTel')}
          error={err('body.defangTel')}
        >
          {t('sanitizer.policy.defangTel')}
        </Checkbox>
      </fieldset>
      <RadioGroup
        id={fieldId(P('body.outputCharset'))}
        label={labels[P('body.outputCharset')]}
        value={s.charset}
        onChange={set('charset')}
        error={err('body.outputCharset')}
        options={[
          { value: 'utf-8', label: t('sanitizer.overrides.utf8') },
          { value: 'iso-2022-jp', label: t('sanitizer.overrides.jis') },
        ]}
      />
      {view.base.av.mode !== 'off' ? (
        // the server runs the scanner: a town may not change or stop it (the server refuses it too)
        <div id={fieldId(P('av.mode'))} className="flex flex-col gap-1">
          <h4 className="text-std-17B-170">{labels[P('av.mode')]}</h4>
          <p>{t(`sanitizer.overrides.av.${view.base.av.mode}`)}</p>
          <p className="text-std-16N-170 text-solid-gray-700">{t('sanitizer.overrides.avFixed')}</p>
        </div>
      ) : (
        <RadioGroup
          id={fieldId(P('av.mode'))}
          label={labels[P('av.mode')]}
          help={t('sanitizer.overrides.avHelp')}
          value={s.avMode}
          onChange={set('avMode')}
          error={err('av.mode')}
          options={AV_MODES.map((m) => ({ value: m, label: t(`sanitizer.overrides.av.${m}`) }))}
        />
      )}
      <div className="flex flex-wrap gap-4">
        <Button type="submit" isPending={save.isPending}>
          {t('sanitizer.overrides.save')}
        </Button>
      </div>
    </form>
  );
}
