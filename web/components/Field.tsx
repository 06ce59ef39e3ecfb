/** Pieces every form control shares: label with 必須/任意 marker, help text, and the error under the field. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cx } from '../lib/cx.ts';
import { ErrorIcon } from './Icons.tsx';

export type FieldWidth = 'xs' | 's' | 'm' | 'l' | 'full';

/** Field width fits the expected content (団体コード is short, 名称 is long). */
export const widthClass: Record<FieldWidth, string> = {
  xs: 'w-full max-w-[8rem]',
  s: 'w-full max-w-[14rem]',
  m: 'w-full max-w-[22rem]',
  l: 'w-full max-w-[36rem]',
  full: 'w-full',
};

export function RequirementMarker({ required }: { required?: boolean }) {
  const { t } = useTranslation();
  return required ? (
    <span className="ml-2 inline-block rounded-4 bg-red-900 px-1.5 py-px align-[0.1em] text-xs font-bold leading-150 text-white">
      {t('common.required')}
    </span>
  ) : (
    <span className="ml-2 inline-block rounded-4 border border-solid-gray-600 px-1.5 align-[0.1em] text-xs font-bold leading-150 text-solid-gray-700">
      {t('common.optional')}
    </span>
  );
}

export const labelClass = 'block text-std-17B-170 text-solid-gray-900';
export const helpClass = 'block text-std-16N-170 text-solid-gray-700';
export const errorClass = 'flex items-start gap-1 text-std-16B-170 text-red-900';

export const inputClass = (invalid: boolean, extra?: string) =>
  cx(
    'min-h-14 rounded-8 border bg-white px-4 py-3 text-base text-solid-gray-900 placeholder:text-solid-gray-420',
    'hover:border-black data-[hovered]:border-black',
    'data-[disabled]:bg-solid-gray-50 data-[disabled]:text-solid-gray-420 disabled:bg-solid-gray-50',
    invalid ? 'border-2 border-red-900' : 'border-solid-gray-600',
    extra,
  );

export function ErrorText({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <span id={id} className={errorClass}>
      <ErrorIcon size={20} className="mt-[0.2em] shrink-0" />
      <span>{children}</span>
    </span>
  );
}
