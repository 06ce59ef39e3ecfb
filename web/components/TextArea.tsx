import type { ReactNode } from 'react';
import {
  FieldError,
  Label,
  TextArea as RACTextArea,
  TextField as RACTextField,
  type TextFieldProps as RACTextFieldProps,
  Text,
} from 'react-aria-components';
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

export interface TextAreaProps
  extends Omit<RACTextFieldProps, 'className' | 'children' | 'isInvalid' | 'isRequired' | 'validationBehavior'> {
  /** The control's id; an error summary links to it. */
  id: string;
  label: ReactNode;
  required?: boolean;
  help?: ReactNode;
  error?: string;
  width?: FieldWidth;
  rows?: number;
  className?: string;
}

/** DADS multi-line text field: the same label / help / error layout as TextField. */
export function TextArea({ label, required, help, error, width = 'l', rows = 5, className, ...props }: TextAreaProps) {
  return (
    <RACTextField
      {...props}
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
      <RACTextArea rows={rows} className={inputClass(!!error, cx(widthClass[width], 'leading-170'))} />
      <FieldError>{error && <ErrorText>{error}</ErrorText>}</FieldError>
    </RACTextField>
  );
}
