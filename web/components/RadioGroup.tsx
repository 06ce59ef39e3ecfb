import type { ReactNode } from 'react';
import {
  FieldError,
  Label,
  Radio as RACRadio,
  RadioGroup as RACRadioGroup,
  type RadioGroupProps as RACRadioGroupProps,
  Text,
} from 'react-aria-components';
import { cx } from '../lib/cx.ts';
import { ErrorText, helpClass, labelClass, RequirementMarker } from './Field.tsx';

export interface RadioOption {
  value: string;
  label: ReactNode;
  description?: ReactNode;
}

export interface RadioGroupProps
  extends Omit<RACRadioGroupProps, 'className' | 'children' | 'isInvalid' | 'isRequired' | 'validationBehavior'> {
  id: string;
  label: ReactNode;
  options: RadioOption[];
  required?: boolean;
  help?: ReactNode;
  error?: string;
  className?: string;
}

/** DADS radio buttons: a group label, then one option per line with a 24px circle. */
export function RadioGroup({ id, label, options, required, help, error, className, ...props }: RadioGroupProps) {
  return (
    <RACRadioGroup
      {...props}
      id={id}
      isRequired={required}
      isInvalid={!!error}
      validationBehavior="aria"
      className={cx('flex flex-col gap-2', className)}
    >
      <Label className={labelClass}>
        {label}
        <RequirementMarker required={required} />
      </Label>
      {help && (
        <Text slot="description" className={helpClass}>
          {help}
        </Text>
      )}
      <div className="flex flex-col gap-1">
        {options.map((o) => (
          <RACRadio
            key={o.value}
            value={o.value}
            className="group flex min-h-11 cursor-pointer items-start gap-3 py-1 text-std-16N-170 text-solid-gray-900"
          >
            {({ isSelected }) => (
              <>
                <span
                  aria-hidden="true"
                  className={cx(
                    'mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full border-2 bg-white',
                    isSelected ? 'border-blue-900' : error ? 'border-red-900' : 'border-solid-gray-600',
                    'group-data-[focus-visible]:outline-4 group-data-[focus-visible]:outline-black group-data-[focus-visible]:outline-offset-2 group-data-[focus-visible]:ring-2 group-data-[focus-visible]:ring-yellow-300',
                  )}
                >
                  {isSelected && <span className="size-3 rounded-full bg-blue-900" />}
                </span>
                <span className="flex flex-col">
                  <span>{o.label}</span>
                  {o.description && <span className="text-std-16N-170 text-solid-gray-700">{o.description}</span>}
                </span>
              </>
            )}
          </RACRadio>
        ))}
      </div>
      <FieldError>{error && <ErrorText>{error}</ErrorText>}</FieldError>
    </RACRadioGroup>
  );
}
