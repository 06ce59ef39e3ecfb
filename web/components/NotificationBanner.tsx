import type { ReactNode } from 'react';
import { cx } from '../lib/cx.ts';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from './Icons.tsx';

export type BannerKind = 'info' | 'success' | 'warning' | 'error';

const styles: Record<BannerKind, { box: string; icon: string; Icon: typeof InfoIcon }> = {
  info: { box: 'border-blue-900 bg-blue-50', icon: 'text-blue-900', Icon: InfoIcon },
  success: { box: 'border-green-900 bg-green-50', icon: 'text-green-900', Icon: SuccessIcon },
  warning: { box: 'border-yellow-900 bg-yellow-50', icon: 'text-yellow-1000', Icon: WarningIcon },
  error: { box: 'border-red-900 bg-red-50', icon: 'text-red-900', Icon: ErrorIcon },
};

export interface NotificationBannerProps {
  kind?: BannerKind;
  title?: ReactNode;
  children?: ReactNode;
  /** Announce to screen readers: errors as alerts, others politely. Off for static notices. */
  live?: boolean;
  className?: string;
}

/** DADS notification banner: a bordered box with an icon and words (never colour alone). */
export function NotificationBanner({
  kind = 'info',
  title,
  children,
  live = true,
  className,
}: NotificationBannerProps) {
  const s = styles[kind];
  const role = live ? (kind === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div role={role} className={cx('flex gap-3 rounded-8 border-2 px-5 py-4', s.box, className)}>
      <s.Icon size={28} className={cx('shrink-0', s.icon)} />
      <div className="flex min-w-0 flex-col gap-1 text-std-16N-170 text-solid-gray-900">
        {title && <p className="text-std-17B-170">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
