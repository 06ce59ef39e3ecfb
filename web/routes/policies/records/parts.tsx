/** Pieces shared by the record pages: the units list, status badges in words and icons, a section frame. */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { get } from '../../../api.ts';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from '../../../components/Icons.tsx';
import { cx } from '../../../lib/cx.ts';
import { recordKeys, type UnitOption } from './types.ts';

export function useUnits(enabled = true) {
  return useQuery({
    queryKey: recordKeys.units,
    queryFn: async () => (await get<{ items: UnitOption[] }>('/units')).items,
    enabled,
  });
}

export type Tone = 'ok' | 'warn' | 'bad' | 'info';
const TONES: Record<Tone, { box: string; Icon: typeof InfoIcon }> = {
  ok: { box: 'border-green-900 bg-green-50 text-green-1000', Icon: SuccessIcon },
  warn: { box: 'border-yellow-900 bg-yellow-50 text-solid-gray-900', Icon: WarningIcon },
  bad: { box: 'border-red-900 bg-red-50 text-red-1000', Icon: ErrorIcon },
  info: { box: 'border-blue-900 bg-blue-50 text-blue-1000', Icon: InfoIcon },
};

/** A status in words with a mark (never colour alone). */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  const s = TONES[tone];
  return (
    <span
      className={cx(
        'print-badge inline-flex items-center gap-1 whitespace-nowrap rounded-6 border px-2 py-0.5 text-dns-14B-130',
        s.box,
      )}
    >
      <s.Icon size={16} className="shrink-0" />
      {children}
    </span>
  );
}

/** A bordered block with an h2 (or h3) title. */
export function Block({
  id,
  title,
  level = 2,
  actions,
  children,
}: {
  id: string;
  title: string;
  level?: 2 | 3;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <H id={id} className={level === 2 ? 'text-std-24B-150 text-solid-gray-900' : 'text-std-20B-150'}>
          {title}
        </H>
        {actions && <div className="no-print flex flex-wrap gap-3">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
