/**
 * 原本提供の申請 on a message's page: the requests with their state; the request form for a recipient; the decision
 * form for the 情報セキュリティ管理者 who may decide (re-sanitising by default; the original itself only where the
 * tenant allows it as a 例外措置); withdrawal by the requester and a retry after a failed delivery.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, type FieldError, may, post, queryClient, useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Facts, InstantText, useErrorText } from '../../components/PageParts.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual, useLanguage } from '../../lib/i18n-hooks.ts';
import { Badge, ReleaseStatusBadge } from './parts.tsx';
import { type MessageDetail, type ReleaseItem, sanitizerKeys } from './types.ts';

const refresh = () => void queryClient.invalidateQueries({ queryKey: sanitizerKeys.all });

function useFieldErrors() {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  return {
    errors,
    attempt,
    fail: (list: FieldError[]) => {
      setErrors(list);
      setAttempt((n) => n + 1);
    },
    clear: () => setErrors([]),
  };
}

function RequestForm({ message, onDone }: { message: MessageDetail; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const f = useFieldErrors();
  const [failure, setFailure] = useState<string | null>(null);
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const send = useMutation({
    mutationFn: () =>
      post<ReleaseItem>(`/sanitizer/messages/${message.id}/release-requests`, { reason: reason.trim() }),
    onSuccess: () => {
      setReason('');
      onDone(t('sanitizer.request.done'));
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) f.fail(e.fields);
      else setFailure(errorText(e));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    if (!reason.trim()) {
      f.fail([{ field: 'reason', message: bi('sanitizer.request.reasonHelp') }]);
      return;
    }
    f.clear();
    send.mutate();
  }
  const byField = errorsByField(f.errors);
  return (
    <form
      noValidate
      onSubmit={submit}
      aria-labelledby="san-request-title"
      className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-solid-gray-50 px-6 py-5"
    >
      <h3 id="san-request-title" className="text-std-20B-150">
        {t('sanitizer.request.title')}
      </h3>
      <p>{t('sanitizer.request.lead')}</p>
      <ErrorSummary
        items={summaryItems(f.errors, { reason: t('sanitizer.request.reason') }, msg)}
        focusKey={f.attempt}
      />
      {failure && <NotificationBanner kind="error">{failure}</NotificationBanner>}
      <TextArea
        id={fieldId('reason')}
        label={t('sanitizer.request.reason')}
        help={t('sanitizer.request.reasonHelp')}
        required
        value={reason}
        onChange={setReason}
        maxLength={1000}
        rows={4}
        error={msg(byField.get('reason')) || undefined}
      />
      <div>
        <Button type="submit" isPending={send.isPending}>
          {t('sanitizer.request.submit')}
        </Button>
      </div>
    </form>
  );
}

function DecisionForm({
  request,
  rawAllowed,
  onDone,
}: {
  request: ReleaseItem;
  rawAllowed: boolean;
  onDone: (text: string, kind: 'success' | 'error') => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [channel, setChannel] = useState('RESANITIZE');
  const [note, setNote] = useState('');
  const f = useFieldErrors();
  const [failure, setFailure] = useState<string | null>(null);
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const decide = useMutation({
    mutationFn: (decision: 'APPROVED' | 'DENIED') =>
      post<ReleaseItem>(`/sanitizer/release-requests/${request.id}/decide`, {
        decision,
        ...(decision === 'APPROVED' ? { channel } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: (r) => {
      refresh();
      if (r.status === 'DENIED') onDone(t('sanitizer.decide.denied'), 'success');
      else if (r.status === 'FAILED') onDone(t('sanitizer.decide.failed', { error: r.deliveryError ?? '' }), 'error');
      else onDone(t(r.channel === 'RAW' ? 'sanitizer.decide.approvedRaw' : 'sanitizer.decide.approved'), 'success');
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) f.fail(e.fields);
      else setFailure(errorText(e));
    },
  });
  function submit(decision: 'APPROVED' | 'DENIED') {
    setFailure(null);
    if (decision === 'DENIED' && !note.trim()) {
      f.fail([{ field: 'note', message: bi('sanitizer.decide.noteHelp') }]);
      return;
    }
    f.clear();
    decide.mutate(decision);
  }
  const byField = errorsByField(f.errors);
  const options = [{ value: 'RESANITIZE', label: t('sanitizer.channels.RESANITIZE') }];
  if (rawAllowed) options.push({ value: 'RAW', label: t('sanitizer.channels.RAW') });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit('APPROVED');
      }}
      aria-labelledby={`san-decide-${request.id}`}
      className="flex flex-col gap-4 rounded-12 border-2 border-blue-900 bg-white px-6 py-5"
    >
      <h3 id={`san-decide-${request.id}`} className="text-std-20B-150">
        {t('sanitizer.decide.title')}
      </h3>
      <ErrorSummary items={summaryItems(f.errors, { note: t('sanitizer.decide.note') }, msg)} focusKey={f.attempt} />
      {failure && <NotificationBanner kind="error">{failure}</NotificationBanner>}
      <RadioGroup
        id={fieldId('channel')}
        label={t('sanitizer.decide.channel')}
        required
        help={rawAllowed ? t('sanitizer.decide.channelHelp') : t('sanitizer.decide.rawDisabled')}
        options={options}
        value={channel}
        onChange={setChannel}
      />
      {channel === 'RAW' && (
        <NotificationBanner kind="warning" live={false} title={t('sanitizer.decide.exception')}>
          {t('sanitizer.decide.rawWarning')}
        </NotificationBanner>
      )}
      <TextArea
        id={fieldId('note')}
        label={t('sanitizer.decide.note')}
        help={t('sanitizer.decide.noteHelp')}
        value={note}
        onChange={setNote}
        maxLength={1000}
        rows={3}
        error={msg(byField.get('note')) || undefined}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" isPending={decide.isPending && decide.variables === 'APPROVED'}>
          {t('sanitizer.decide.approve')}
        </Button>
        <Button
          variant="danger"
          onPress={() => submit('DENIED')}
          isPending={decide.isPending && decide.variables === 'DENIED'}
        >
          {t('sanitizer.decide.deny')}
        </Button>
      </div>
    </form>
  );
}

function RequestCard({
  request,
  message,
  onDone,
}: {
  request: ReleaseItem;
  message: MessageDetail;
  onDone: (text: string, kind: 'success' | 'error') => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const errorText = useErrorText();
  const { data: me } = useMe();
  const own = me?.person?.id === request.requester.personId;
  const withdraw = useMutation({
    mutationFn: () => post(`/sanitizer/release-requests/${request.id}/withdraw`),
    onSuccess: () => {
      refresh();
      onDone(t('sanitizer.decide.withdrawn'), 'success');
    },
    onError: (e) => onDone(errorText(e), 'error'),
  });
  const retry = useMutation({
    mutationFn: () => post<ReleaseItem>(`/sanitizer/release-requests/${request.id}/retry`),
    onSuccess: (r) => {
      refresh();
      onDone(
        r.status === 'RELEASED'
          ? t('sanitizer.decide.approved')
          : t('sanitizer.decide.failed', { error: r.deliveryError ?? '' }),
        r.status === 'RELEASED' ? 'success' : 'error',
      );
    },
    onError: (e) => onDone(errorText(e), 'error'),
  });
  return (
    <li className="flex flex-col gap-3 rounded-12 border border-solid-gray-200 px-6 py-4">
      <div className="flex flex-wrap items-center gap-3">
        <ReleaseStatusBadge status={request.status} />
        {request.exception && <Badge tone="warn">{t('sanitizer.decide.exception')}</Badge>}
        {request.channel && <span>{t(`sanitizer.channels.${request.channel}`)}</span>}
      </div>
      <Facts
        items={[
          {
            label: t('sanitizer.decide.requester'),
            value: `${request.requester.label}（${request.requester.address}）`,
          },
          { label: t('sanitizer.decide.unit'), value: request.unit.name ?? '—' },
          { label: t('sanitizer.decide.requestedAt'), value: <InstantText instant={request.createdAt} /> },
          { label: t('sanitizer.decide.reason'), value: <span className="whitespace-pre-wrap">{request.reason}</span> },
          ...(request.decidedBy
            ? [
                {
                  label: t('sanitizer.decide.note'),
                  value: (
                    <span className="flex flex-col">
                      <span>
                        {t('sanitizer.decide.decidedBy', {
                          name: request.decidedBy,
                          date: formatDateTime(request.decidedAt, lang),
                        })}
                      </span>
                      {request.decisionNote && <span className="whitespace-pre-wrap">{request.decisionNote}</span>}
                    </span>
                  ),
                },
              ]
            : []),
          ...(request.resultMessageId
            ? [
                {
                  label: t('sanitizer.decide.result'),
                  value: <Link to={`/sanitizer/messages/${request.resultMessageId}`}>{request.resultMessageId}</Link>,
                },
              ]
            : []),
          ...(request.exceptionId
            ? [
                {
                  label: t('sanitizer.decide.exceptionRecord'),
                  value: (
                    <span className="flex flex-col">
                      <Link to={`/policies/exceptions/${request.exceptionId}`}>
                        {t('sanitizer.decide.exceptionLink')}
                      </Link>
                      <span className="text-std-16N-170 text-solid-gray-700">
                        {t('sanitizer.decide.exceptionHelp')}
                      </span>
                    </span>
                  ),
                },
              ]
            : []),
          ...(request.deliveryError
            ? [{ label: t('sanitizer.detail.disposition'), value: request.deliveryError }]
            : []),
        ]}
      />
      {request.canDecide && <DecisionForm request={request} rawAllowed={message.rawReleaseAllowed} onDone={onDone} />}
      {own && request.status === 'REQUESTED' && !request.canDecide && (
        <div>
          <Button variant="secondary" size="sm" onPress={() => withdraw.mutate()} isPending={withdraw.isPending}>
            {t('sanitizer.decide.withdraw')}
          </Button>
        </div>
      )}
      {!own && request.status === 'FAILED' && may(me ?? undefined, 'sanitizer', 'decide') && (
        <div>
          <Button variant="secondary" size="sm" onPress={() => retry.mutate()} isPending={retry.isPending}>
            {t('sanitizer.decide.retry')}
          </Button>
        </div>
      )}
    </li>
  );
}

export function ReleasePanel({ message }: { message: MessageDetail }) {
  const { t } = useTranslation();
  const [flash, setFlash] = useState<{ text: string; kind: 'success' | 'error' } | null>(null);
  const onDone = (text: string, kind: 'success' | 'error' = 'success') => setFlash({ text, kind });
  return (
    <div className="flex flex-col gap-4">
      <div role="status" aria-live="polite">
        {flash && (
          <NotificationBanner kind={flash.kind} live={false}>
            {flash.text}
          </NotificationBanner>
        )}
      </div>
      {message.releases.length === 0 ? (
        <p>{t('sanitizer.detail.noReleases')}</p>
      ) : (
        <ul className="flex flex-col gap-4">
          {message.releases.map((r) => (
            <RequestCard key={r.id} request={r} message={message} onDone={onDone} />
          ))}
        </ul>
      )}
      {message.canRequest && <RequestForm message={message} onDone={(text) => onDone(text)} />}
    </div>
  );
}
