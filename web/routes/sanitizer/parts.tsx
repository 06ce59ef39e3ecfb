/** Small pieces of the 無害化 pages: verdict and status shown in words with an icon (never colour alone), bars. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from '../../components/Icons.tsx';
import { cx } from '../../lib/cx.ts';

type Tone = 'ok' | 'warn' | 'bad' | 'info';

const TONES: Record<Tone, { box: string; Icon: typeof InfoIcon }> = {
  ok: { box: 'border-green-900 bg-green-50 text-green-1000', Icon: SuccessIcon },
  warn: { box: 'border-yellow-900 bg-yellow-50 text-solid-gray-900', Icon: WarningIcon },
  bad: { box: 'border-red-900 bg-red-50 text-red-1000', Icon: ErrorIcon },
  info: { box: 'border-blue-900 bg-blue-50 text-blue-1000', Icon: InfoIcon },
};

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  const s = TONES[tone];
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1 whitespace-nowrap rounded-6 border px-2 py-0.5 text-dns-14B-130',
        s.box,
      )}
    >
      <s.Icon size={16} className="shrink-0" />
      {children}
    </span>
  );
}

const verdictTone = (v: string): Tone =>
  v === 'delivered-sanitized' ? 'ok' : v === 'quarantined' ? 'bad' : v === 'held' || v === 'removed' ? 'warn' : 'info';

export function VerdictBadge({ verdict, reason }: { verdict: string; reason?: string | null }) {
  const { t } = useTranslation();
  if (verdict === 'quarantined' && reason === 'ppap-hold')
    return <Badge tone="warn">{t('sanitizer.partVerdicts.held')}</Badge>;
  return <Badge tone={verdictTone(verdict)}>{t(`sanitizer.verdicts.${verdict}`, { defaultValue: verdict })}</Badge>;
}

export function PartVerdictBadge({ verdict }: { verdict: string }) {
  const { t } = useTranslation();
  return <Badge tone={verdictTone(verdict)}>{t(`sanitizer.partVerdicts.${verdict}`, { defaultValue: verdict })}</Badge>;
}

const statusTone: Record<string, Tone> = {
  REQUESTED: 'info',
  APPROVED: 'info',
  DENIED: 'bad',
  RELEASED: 'ok',
  FAILED: 'bad',
  WITHDRAWN: 'warn',
};

export function ReleaseStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={statusTone[status] ?? 'info'}>{t(`sanitizer.statuses.${status}`, { defaultValue: status })}</Badge>
  );
}

/** A horizontal bar for a share of the largest value; decoration only (the number is always written next to it). */
export function Bar({ value, max, tone = 'blue' }: { value: number; max: number; tone?: 'blue' | 'red' | 'grey' }) {
  const pct = max > 0 ? Math.max(value > 0 ? 2 : 0, Math.round((value / max) * 100)) : 0;
  const colour = tone === 'red' ? 'bg-red-800' : tone === 'grey' ? 'bg-solid-gray-500' : 'bg-blue-900';
  return (
    <span aria-hidden="true" className="block h-3 w-full min-w-24 rounded-4 bg-solid-gray-100">
      <span
        className={cx('block h-3 rounded-4 print:border print:border-black', colour)}
        style={{ width: `${pct}%` }}
      />
    </span>
  );
}
