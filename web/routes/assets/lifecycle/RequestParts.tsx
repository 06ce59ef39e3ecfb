/**
 * Pieces shared by the asset's lifecycle panel and the 許可申請 page: what a request says, its status in words and an
 * icon, and the dialog in which the owning 課室's 情報セキュリティ管理者 approves or refuses it. The server refuses an
 * applicant deciding their own request (SOD-1); that refusal is shown as what it is, not as a generic error.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import { FullInstant } from '../../../components/FullInstant.tsx';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from '../../../components/Icons.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, useErrorText } from '../../../components/PageParts.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { cx } from '../../../lib/cx.ts';
import { DISPOSAL_METHODS, type DisposalMethod, type PermissionRequest } from './types.ts';

const STATUS_STYLE: Record<string, { box: string; Icon: typeof InfoIcon }> = {
  PENDING: { box: 'border-yellow-900 bg-yellow-50 text-yellow-1200', Icon: WarningIcon },
  APPROVED: { box: 'border-green-900 bg-green-50 text-green-1000', Icon: SuccessIcon },
  USED: { box: 'border-solid-gray-600 bg-solid-gray-50 text-solid-gray-800', Icon: SuccessIcon },
  DENIED: { box: 'border-red-900 bg-red-50 text-red-1000', Icon: ErrorIcon },
  WITHDRAWN: { box: 'border-solid-gray-600 bg-solid-gray-50 text-solid-gray-800', Icon: InfoIcon },
};

/** Status in words and an icon, never colour alone. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const s = STATUS_STYLE[status] ?? STATUS_STYLE.WITHDRAWN;
  return (
    <span
      data-status={status}
      className={cx(
        'inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded-6 border px-2 py-0.5 text-dns-14B-130',
        s.box,
      )}
    >
      <s.Icon size={16} />
      {t(`assets.requests.status.${status}`, { defaultValue: status })}
    </span>
  );
}

export const methodLabel = (m: string | null | undefined) =>
  m ? (DISPOSAL_METHODS[m as DisposalMethod]?.label ?? m) : '';

/** The request's facts as a short description list. */
export function RequestFacts({ r, withAsset = true }: { r: PermissionRequest; withAsset?: boolean }) {
  const { t } = useTranslation();
  const rows: Array<[string, React.ReactNode]> = [];
  if (withAsset)
    rows.push([
      t('assets.requests.asset'),
      <Link key="a" to={`/assets/${encodeURIComponent(r.asset.id)}`}>
        {r.asset.ref}　{r.asset.name}
      </Link>,
    ]);
  rows.push([t('assets.requests.action'), t(`assets.lifecycle.action.${r.action}`)]);
  rows.push([t('assets.requests.applicant'), r.applicant.label]);
  rows.push([t('assets.requests.appliedAt'), <FullInstant key="c" instant={r.createdAt} />]);
  rows.push([t('assets.requests.purpose'), r.purpose]);
  if (r.destination) rows.push([t('assets.requests.destination'), r.destination]);
  if (r.recipient) rows.push([t('assets.requests.recipient'), r.recipient]);
  if (r.expectedReturnOn)
    rows.push([t('assets.requests.expectedReturn'), <DateText key="e" iso={r.expectedReturnOn} />]);
  if (r.method) rows.push([t('assets.requests.method'), methodLabel(r.method)]);
  if (r.decidedBy)
    rows.push([
      t('assets.requests.decidedBy'),
      <span key="d">
        {r.decidedBy.label}（<FullInstant instant={r.decidedAt} />）
      </span>,
    ]);
  if (r.decisionNote) rows.push([t('assets.requests.decisionNote'), r.decisionNote]);
  return (
    <dl className="grid grid-cols-[minmax(7rem,11rem)_1fr] gap-x-4 gap-y-1 text-std-16N-170">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-bold text-solid-gray-900">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** 承認・却下 with a comment. The comment is required when refusing, so the applicant learns why. */
export function DecideDialog({
  request,
  onClose,
  onDone,
}: {
  request: PermissionRequest | null;
  onClose: () => void;
  onDone?: (r: PermissionRequest) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<'APPROVED' | 'DENIED' | ''>('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<'decision' | 'note' | null>(null);
  const decide = useMutation({
    mutationFn: () =>
      post<PermissionRequest>(`/asset-permissions/${request?.id}/decide`, {
        decision,
        note: note.trim() || undefined,
      }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      onDone?.(r);
      close();
    },
  });
  const close = () => {
    setDecision('');
    setNote('');
    setMissing(null);
    decide.reset();
    onClose();
  };
  const submit = () => {
    if (!decision) return setMissing('decision');
    if (decision === 'DENIED' && !note.trim()) return setMissing('note');
    setMissing(null);
    decide.mutate();
  };
  const sod = decide.error instanceof ApiError && decide.error.code === 'SOD_APPLICANT_IS_APPROVER';
  return (
    <Dialog
      isOpen={!!request}
      onClose={close}
      wide
      title={t('assets.requests.decideTitle')}
      actions={
        <>
          <Button variant="secondary" onPress={close}>
            {t('common.cancel')}
          </Button>
          <Button onPress={submit} isPending={decide.isPending}>
            {t('assets.requests.submitDecision')}
          </Button>
        </>
      }
    >
      {request && <RequestFacts r={request} />}
      {decide.isError && (
        <NotificationBanner
          kind="error"
          title={sod ? t('assets.requests.sodTitle') : t('assets.requests.decideFailed')}
        >
          <div data-testid="decide-error" className="flex flex-col gap-1">
            <p>{errorText(decide.error)}</p>
            {sod && <p>{t('assets.requests.sodLead')}</p>}
          </div>
        </NotificationBanner>
      )}
      <RadioGroup
        id="field-decision"
        label={t('assets.requests.decision')}
        required
        value={decision}
        onChange={(v) => {
          setDecision(v as 'APPROVED' | 'DENIED');
          setMissing(null);
        }}
        error={missing === 'decision' ? t('assets.requests.decisionMissing') : undefined}
        options={[
          { value: 'APPROVED', label: t('assets.requests.approve') },
          { value: 'DENIED', label: t('assets.requests.deny') },
        ]}
      />
      <TextArea
        id="field-note"
        label={t('assets.requests.note')}
        help={t('assets.requests.noteHelp')}
        required={decision === 'DENIED'}
        value={note}
        onChange={setNote}
        rows={3}
        maxLength={500}
        error={missing === 'note' ? t('assets.requests.noteMissing') : undefined}
      />
    </Dialog>
  );
}
