/**
 * Recording what was done with an asset (作成 … 廃棄), or, where the class requires it, asking the owning 課室's
 * 情報セキュリティ管理者 for permission first. The rule is the server's own (src/domain/assets/lifecycle.ts): the form
 * only chooses which of the two to offer; the server checks again and its field errors are shown at each field.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { permissionRule } from '../../../../src/domain/assets/lifecycle.ts';
import type { SchemeDefinition } from '../../../../src/domain/classification.ts';
import { ApiError, type FieldError, post, upload, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { Checkbox } from '../../../components/Checkbox.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { useErrorText } from '../../../components/PageParts.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { errorsByField, summaryItems } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { PersonPicker } from '../../pledges/PersonPicker.tsx';
import type { PersonSummary } from '../../pledges/types.ts';
import { toIsoDate, WarekiDateField } from '../DateInput.tsx';
import type { AssetDetail } from '../types.ts';
import { CertificateInput } from './EventParts.tsx';
import {
  DISPOSAL_METHOD_CODES,
  DISPOSAL_METHODS,
  isTime,
  japanInstant,
  japanNow,
  type PermissionRequest,
  RECORDABLE_ACTIONS,
  type RecordableAction,
  type RecordedEvent,
  type RequestResult,
} from './types.ts';

interface Props {
  asset: AssetDetail;
  scheme: SchemeDefinition | null;
  /** Preselects the action and the approved permission (from the requests list: 「この許可で記録」). */
  preset?: { action: RecordableAction; permissionId?: string } | null;
  onDone: (message: string, warnings: string[]) => void;
}

const approvedFor = (asset: AssetDetail, action: string) =>
  asset.permissions.filter((p) => p.action === action && p.status === 'APPROVED');

/** The form's values, taking over what the approved permission already says (行先, 返却予定日, 提供先, 方法). */
function prefilled(asset: AssetDetail, action: string, permissionId?: string) {
  const approved = approvedFor(asset, action);
  const p = approved.find((x) => x.id === permissionId) ?? approved[0];
  return {
    ...empty(),
    permissionId: p?.id ?? '',
    destination: p?.destination ?? '',
    recipient: p?.recipient ?? '',
    expectedReturnOn: p?.expectedReturnOn ?? '',
    method: p?.method ?? '',
  };
}

const empty = () => ({
  ...japanNow(),
  reason: '',
  purpose: '',
  destination: '',
  recipient: '',
  expectedReturnOn: '',
  method: '',
  encrypted: false,
  permissionId: '',
});

export function EventForm({ asset, scheme, preset, onDone }: Props) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [action, setAction] = useState<RecordableAction | ''>(preset?.action ?? '');
  const [v, setV] = useState(() => prefilled(asset, preset?.action ?? '', preset?.permissionId));
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [certificate, setCertificate] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const certificateRef = useRef<HTMLInputElement>(null);
  const set = (k: keyof ReturnType<typeof empty>) => (value: string | boolean) => setV((s) => ({ ...s, [k]: value }));

  const cRank = Math.max(asset.confidentiality?.rank ?? 0, asset.required.C?.rank ?? 0);
  const verdict = action && scheme ? permissionRule(scheme, action, { kind: asset.kind as never, cRank }) : null;
  const approved = approvedFor(asset, action);
  const pending = asset.permissions.filter((p) => p.action === action && p.status === 'PENDING');
  const mode: 'record' | 'request' | null = !action
    ? null
    : verdict?.required && approved.length === 0
      ? 'request'
      : 'record';
  const chosenPermission: PermissionRequest | undefined =
    approved.find((p) => p.id === v.permissionId) ?? (verdict?.required ? approved[0] : undefined);

  const reset = () => {
    setAction('');
    setV(empty());
    setPerson(null);
    setCertificate(null);
    setErrors([]);
    if (certificateRef.current) certificateRef.current.value = '';
  };
  const fail = (e: unknown) => {
    setAttempt((n) => n + 1);
    if (e instanceof ApiError && e.fields.length) setErrors(e.fields);
    else setErrors([]);
  };

  const record = useMutation({
    mutationFn: async () => {
      const body = {
        action,
        at: japanInstant(toIsoDate(v.date) || v.date, v.time),
        performedBy: person?.id,
        permissionId: chosenPermission?.id,
        encrypted: ['SEND', 'CARRY', 'PROVIDE'].includes(action) ? v.encrypted : undefined,
        method: action === 'DISPOSE' ? v.method || undefined : undefined,
        recipient: v.recipient.trim() || undefined,
        destination: v.destination.trim() || undefined,
        reason: v.reason.trim() || undefined,
        expectedReturnOn:
          action === 'CARRY' ? toIsoDate(v.expectedReturnOn) || v.expectedReturnOn.trim() || undefined : undefined,
      };
      const event = await post<RecordedEvent>(`/assets/${asset.id}/events`, body);
      let certificateError: string | null = null;
      if (certificate) {
        try {
          await upload(`/assets/${asset.id}/events/${event.id}/certificate`, certificate);
        } catch (e) {
          certificateError = errorText(e);
        }
      }
      return { event, certificateError };
    },
    onSuccess: async ({ event, certificateError }) => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      const warnings = event.warnings.map((w) => msg(w.message));
      if (certificateError) warnings.push(`${t('assets.lifecycle.certificateFailed')}${certificateError}`);
      onDone(t('assets.lifecycle.recorded', { action: t(`assets.lifecycle.action.${event.action}`) }), warnings);
      reset();
    },
    onError: fail,
  });
  const request = useMutation({
    mutationFn: () =>
      post<RequestResult>(`/assets/${asset.id}/permission-requests`, {
        action,
        purpose: v.purpose.trim(),
        destination: action === 'CARRY' ? v.destination.trim() || undefined : undefined,
        recipient: action === 'PROVIDE' ? v.recipient.trim() || undefined : undefined,
        expectedReturnOn:
          action === 'CARRY' ? toIsoDate(v.expectedReturnOn) || v.expectedReturnOn.trim() || undefined : undefined,
        method: action === 'DISPOSE' ? v.method || undefined : undefined,
      }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      onDone(t('assets.lifecycle.requested', { action: t(`assets.lifecycle.action.${r.action}`) }), []);
      reset();
    },
    onError: fail,
  });

  const labels: Record<string, string> = {
    action: t('assets.lifecycle.actionLabel'),
    at: t('assets.lifecycle.date'),
    time: t('assets.lifecycle.time'),
    performedBy: t('assets.lifecycle.performedBy'),
    method: t('assets.lifecycle.method'),
    recipient: t('assets.lifecycle.recipient'),
    destination: t('assets.lifecycle.destination'),
    expectedReturnOn: t('assets.lifecycle.expectedReturn'),
    reason: t('assets.lifecycle.reason'),
    purpose: t('assets.lifecycle.purpose'),
    permissionId: t('assets.lifecycle.permission'),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: FieldError[] = [];
    const need = (field: string, ok: boolean, text: string) =>
      ok || local.push({ field, message: { ja: text, en: text } });
    if (!action) need('action', false, t('assets.lifecycle.actionMissing'));
    if (mode === 'record') {
      need('at', toIsoDate(v.date) !== '', t('assets.lifecycle.dateMissing'));
      need('time', isTime(v.time), t('assets.lifecycle.timeMissing'));
    }
    if (mode === 'request') need('purpose', v.purpose.trim() !== '', t('assets.lifecycle.purposeMissing'));
    if (local.length) {
      setErrors(local);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    if (mode === 'request') request.mutate();
    else record.mutate();
  };
  const byField = errorsByField(errors);
  const err = (f: string) => (byField.get(f) ? msg(byField.get(f)) : undefined);
  const general = [record.error, request.error].find((e) => e && !(e instanceof ApiError && e.fields.length));
  const managers = asset.owner.managers.map((m) => m.name).join('、');

  const actionOptions = RECORDABLE_ACTIONS.map((a) => ({ value: a, label: t(`assets.lifecycle.action.${a}`) }));
  const methodOptions = DISPOSAL_METHOD_CODES.map((m) => ({
    value: m,
    label: `${DISPOSAL_METHODS[m].label}${DISPOSAL_METHODS[m].irrecoverable ? t('assets.lifecycle.irrecoverable') : ''}`,
  }));

  return (
    <form noValidate onSubmit={submit} aria-labelledby="lifecycle-form-title" className="flex flex-col gap-5">
      <h3 id="lifecycle-form-title" className="text-std-20B-150 text-solid-gray-900">
        {t('assets.lifecycle.formTitle')}
      </h3>
      <ErrorSummary items={summaryItems(errors, labels, msg)} focusKey={attempt} />
      {general != null && (
        <NotificationBanner kind="error" title={t('assets.lifecycle.failed')}>
          {errorText(general)}
        </NotificationBanner>
      )}
      <Select
        id="field-action"
        label={labels.action}
        required
        width="m"
        value={action}
        onChange={(a) => {
          setAction(a as RecordableAction);
          setV((s) => ({ ...prefilled(asset, a), date: s.date, time: s.time, reason: s.reason }));
          setErrors([]);
        }}
        options={[{ value: '', label: t('assets.lifecycle.choose') }, ...actionOptions]}
        error={err('action')}
      />

      {verdict?.required && (
        <NotificationBanner
          kind={mode === 'request' ? 'warning' : 'info'}
          live={false}
          title={mode === 'request' ? t('assets.lifecycle.needsPermission') : t('assets.lifecycle.hasPermission')}
        >
          <div className="flex flex-col gap-1" data-testid="permission-rule">
            <p>{verdict.reason ? msg(verdict.reason) : ''}</p>
            {verdict.clause && (
              <p className="text-dns-14N-130 text-solid-gray-800">
                {t('assets.lifecycle.clause', {
                  source: `${verdict.clause.document}　${verdict.clause.ref}`,
                  summary: verdict.clause.summary,
                })}
              </p>
            )}
            {mode === 'request' && (
              <p>
                {asset.owner.unitPath
                  ? t('assets.lifecycle.requestTo', {
                      unit: asset.owner.unitPath,
                      managers: managers || t('assets.lifecycle.noManager'),
                    })
                  : t('assets.lifecycle.noOwner')}
              </p>
            )}
            {mode === 'request' && pending.length > 0 && <p>{t('assets.lifecycle.pendingExists')}</p>}
          </div>
        </NotificationBanner>
      )}

      {mode === 'request' && (
        <>
          <TextArea
            id="field-purpose"
            label={labels.purpose}
            required
            rows={3}
            maxLength={500}
            help={t('assets.lifecycle.purposeHelp')}
            value={v.purpose}
            onChange={set('purpose')}
            error={err('purpose')}
          />
          {action === 'CARRY' && (
            <>
              <TextField
                id="field-destination"
                label={labels.destination}
                maxLength={200}
                value={v.destination}
                onChange={set('destination')}
                error={err('destination')}
              />
              <WarekiDateField
                id="field-expectedReturnOn"
                label={labels.expectedReturnOn}
                required
                value={v.expectedReturnOn}
                onChange={set('expectedReturnOn')}
                error={err('expectedReturnOn')}
              />
            </>
          )}
          {action === 'PROVIDE' && (
            <TextField
              id="field-recipient"
              label={labels.recipient}
              required
              maxLength={200}
              value={v.recipient}
              onChange={set('recipient')}
              error={err('recipient')}
            />
          )}
          {action === 'DISPOSE' && (
            <Select
              id="field-method"
              label={labels.method}
              width="l"
              value={v.method}
              onChange={set('method')}
              options={[{ value: '', label: t('assets.lifecycle.choose') }, ...methodOptions]}
              error={err('method')}
            />
          )}
          <div>
            <Button type="submit" isPending={request.isPending}>
              {t('assets.lifecycle.submitRequest')}
            </Button>
          </div>
        </>
      )}

      {mode === 'record' && (
        <>
          {chosenPermission && (
            <Select
              id="field-permissionId"
              label={labels.permissionId}
              required
              width="l"
              value={chosenPermission?.id ?? ''}
              onChange={(id) => setV((s) => ({ ...prefilled(asset, action, id), date: s.date, time: s.time }))}
              options={approved.map((p) => ({
                value: p.id,
                label: t('assets.lifecycle.permissionOption', {
                  applicant: p.applicant.label,
                  decidedBy: p.decidedBy?.label ?? '',
                  purpose: p.purpose,
                }),
              }))}
              error={err('permissionId')}
            />
          )}
          <div className="flex flex-wrap items-start gap-6">
            <WarekiDateField
              id="field-at"
              label={labels.at}
              required
              value={v.date}
              onChange={set('date')}
              error={err('at')}
            />
            <TextField
              id="field-time"
              label={labels.time}
              required
              width="xs"
              inputMode="numeric"
              maxLength={5}
              help={t('assets.lifecycle.timeHelp')}
              value={v.time}
              onChange={set('time')}
              error={err('time')}
            />
          </div>
          {action === 'DISPOSE' && (
            <>
              <PersonPicker
                id="field-performedBy"
                label={labels.performedBy}
                help={t('assets.lifecycle.performedByHelp', { name: me?.person?.name ?? '' })}
                value={person}
                onChange={setPerson}
                error={err('performedBy')}
              />
              <Select
                id="field-method"
                label={labels.method}
                required
                width="l"
                help={t('assets.lifecycle.methodHelp')}
                value={v.method}
                onChange={set('method')}
                options={[{ value: '', label: t('assets.lifecycle.choose') }, ...methodOptions]}
                error={err('method')}
              />
              <CertificateInput inputRef={certificateRef} file={certificate} onChange={setCertificate} />
            </>
          )}
          {action === 'CARRY' && (
            <>
              <TextField
                id="field-destination"
                label={labels.destination}
                maxLength={200}
                value={v.destination}
                onChange={set('destination')}
                error={err('destination')}
              />
              <WarekiDateField
                id="field-expectedReturnOn"
                label={labels.expectedReturnOn}
                required
                value={v.expectedReturnOn}
                onChange={set('expectedReturnOn')}
                error={err('expectedReturnOn')}
              />
            </>
          )}
          {(action === 'PROVIDE' || action === 'SEND') && (
            <TextField
              id="field-recipient"
              label={action === 'SEND' ? t('assets.lifecycle.sendTo') : labels.recipient}
              required={action === 'PROVIDE'}
              maxLength={200}
              value={v.recipient}
              onChange={set('recipient')}
              error={err('recipient')}
            />
          )}
          {(action === 'SEND' || action === 'CARRY' || action === 'PROVIDE') && (
            <Checkbox id="field-encrypted" isSelected={v.encrypted} onChange={set('encrypted')}>
              {t('assets.lifecycle.encrypted')}
            </Checkbox>
          )}
          <TextArea
            id="field-reason"
            label={labels.reason}
            rows={2}
            maxLength={500}
            value={v.reason}
            onChange={set('reason')}
            error={err('reason')}
          />
          <div>
            <Button type="submit" isPending={record.isPending}>
              {t('assets.lifecycle.submitRecord')}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
