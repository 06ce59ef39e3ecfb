import type { ReactNode } from 'react';
import { Button as RACButton, type ButtonProps as RACButtonProps } from 'react-aria-components';
import { Link as RouterLink, type LinkProps as RouterLinkProps } from 'react-router';
import { cx } from '../lib/cx.ts';

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'danger';
export type ButtonSize = 'md' | 'sm';

const base =
  'inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-8 font-bold leading-130 tracking-[0.02em] no-underline ' +
  'cursor-pointer select-none disabled:cursor-not-allowed data-[disabled]:cursor-not-allowed ' +
  'data-[pending]:cursor-progress';

const variants: Record<ButtonVariant, string> = {
  primary:
    'bg-blue-900 text-white border-2 border-blue-900 hover:bg-blue-1000 hover:border-blue-1000 hover:underline ' +
    'data-[pressed]:bg-blue-1200 data-[disabled]:bg-solid-gray-300 data-[disabled]:border-solid-gray-300 ' +
    'data-[pending]:bg-blue-1000 data-[pending]:border-blue-1000',
  secondary:
    'bg-white text-blue-900 border-2 border-blue-900 hover:bg-blue-50 hover:text-blue-1000 hover:underline ' +
    'data-[pressed]:bg-blue-100 data-[disabled]:text-solid-gray-420 data-[disabled]:border-solid-gray-300',
  tertiary:
    'bg-transparent text-blue-900 border-2 border-transparent underline underline-offset-[3px] hover:bg-blue-50 ' +
    'hover:text-blue-1000 data-[pressed]:bg-blue-100 data-[disabled]:text-solid-gray-420',
  danger:
    'bg-white text-red-900 border-2 border-red-900 hover:bg-red-50 hover:text-red-1000 hover:underline ' +
    'data-[pressed]:bg-red-100 data-[disabled]:text-solid-gray-420 data-[disabled]:border-solid-gray-300',
};

const sizes: Record<ButtonSize, string> = {
  md: 'min-h-14 px-6 py-3 text-base',
  sm: 'min-h-11 px-4 py-2 text-[0.9375rem]',
};

export interface ButtonProps extends Omit<RACButtonProps, 'className' | 'isPending' | 'children'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
  /** While the server works: the button shows a spinner and ignores presses. */
  isPending?: boolean;
  children?: ReactNode;
}

function Spinner() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 animate-spin fill-none stroke-current">
      <circle cx="12" cy="12" r="9" strokeWidth="3" strokeOpacity="0.3" />
      <path d="M21 12a9 9 0 0 0-9-9" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/**
 * DADS button: primary (one per screen), secondary, tertiary (text), danger. At least 44px tall.
 * Pending is handled here rather than by react-aria's isPending, whose screen-reader announcement outlives the
 * button when the page changes (an unlabelled role="img" node that axe rightly reports).
 */
export function Button({
  variant = 'primary',
  size = 'md',
  className,
  isPending,
  isDisabled,
  children,
  ...props
}: ButtonProps) {
  return (
    <RACButton
      {...props}
      isDisabled={isDisabled || isPending}
      data-pending={isPending || undefined}
      aria-busy={isPending || undefined}
      className={cx(base, variants[variant], sizes[size], variant === 'tertiary' && 'px-2', className)}
    >
      {isPending && <Spinner />}
      {children}
    </RACButton>
  );
}

/** A link styled as a button, for navigation that reads as an action ("組織体制で確認する"). */
export function ButtonLink({
  variant = 'secondary',
  size = 'sm',
  className,
  ...props
}: RouterLinkProps & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <RouterLink {...props} className={cx(base, variants[variant], sizes[size], className)} />;
}
