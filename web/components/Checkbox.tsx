import type { ReactNode } from 'react';
import { Checkbox as RACCheckbox, type CheckboxProps as RACCheckboxProps } from 'react-aria-components';
import { cx } from '../lib/cx.ts';
import { ErrorText } from './Field.tsx';

export interface CheckboxProps extends Omit<RACCheckboxProps, 'className' | 'children'> {
  id: string;
  children: ReactNode;
  error?: string;
  className?: string;
}

/** DADS checkbox: a 24px box, the whole label clickable, at least 44px tall; the error sits under it. */
export function Checkbox({ id, children, error, className, ...props }: CheckboxProps) {
  const errorId = `${id}-error`;
  return (
    <div className={cx('flex flex-col gap-1', className)}>
      <RACCheckbox
        {...props}
        id={id}
        isInvalid={!!error}
        aria-describedby={error ? errorId : undefined}
        className="group inline-flex min-h-11 cursor-pointer items-center gap-3 text-std-16N-170 text-solid-gray-900"
      >
        {({ isSelected }) => (
          <>
            <span
              aria-hidden="true"
              className={cx(
                'flex size-6 shrink-0 items-center justify-center rounded-4 border-2',
                isSelected ? 'border-blue-900 bg-blue-900' : 'border-solid-gray-600 bg-white',
                error && !isSelected && 'border-red-900',
                'group-data-[focus-visible]:outline-4 group-data-[focus-visible]:outline-black group-data-[focus-visible]:outline-offset-2 group-data-[focus-visible]:ring-2 group-data-[focus-visible]:ring-yellow-300',
              )}
            >
              {isSelected && (
                <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-white">
                  <path d="M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z" />
                </svg>
              )}
            </span>
            <span>{children}</span>
          </>
        )}
      </RACCheckbox>
      {error && <ErrorText id={errorId}>{error}</ErrorText>}
    </div>
  );
}
