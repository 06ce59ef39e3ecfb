import { type ReactNode, useId } from 'react';
import { cx } from '../lib/cx.ts';
import {
  ErrorText,
  type FieldWidth,
  helpClass,
  inputClass,
  labelClass,
  RequirementMarker,
  widthClass,
} from './Field.tsx';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps {
  id: string;
  label: ReactNode;
  options: SelectOption[];
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  help?: ReactNode;
  error?: string;
  width?: FieldWidth;
  className?: string;
  /** Hides the 必須/任意 marker (filters of a list are not form fields to fill in). */
  hideMarker?: boolean;
}

/**
 * DADS select box. DADS specifies the browser's own select (keyboard, screen readers and mobile pickers all work),
 * so this wraps a native <select> in the same label / help / error layout as the other fields.
 */
export function Select({
  id,
  label,
  options,
  value,
  onChange,
  required,
  help,
  error,
  width = 'm',
  className,
  hideMarker,
}: SelectProps) {
  const helpId = useId();
  const errorId = useId();
  const describedBy = [help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('flex flex-col gap-2', className)}>
      <label htmlFor={id} className={labelClass}>
        {label}
        {!hideMarker && <RequirementMarker required={required} />}
      </label>
      {help && (
        <span id={helpId} className={helpClass}>
          {help}
        </span>
      )}
      <div className={cx('relative', widthClass[width])}>
        <select
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={inputClass(!!error, 'w-full appearance-none pr-12')}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="pointer-events-none absolute top-1/2 right-4 size-6 -translate-y-1/2 fill-current text-solid-gray-800"
        >
          <path d="M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6z" />
        </svg>
      </div>
      {error && <ErrorText id={errorId}>{error}</ErrorText>}
    </div>
  );
}
