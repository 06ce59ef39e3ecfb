import type { ReactNode } from 'react';
import {
  FieldError,
  Input,
  Label,
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

export interface TextFieldProps
  extends Omit<RACTextFieldProps, 'className' | 'children' | 'isInvalid' | 'isRequired' | 'validationBehavior'> {
  /** The control's id; an error summary links to it. */
  id: string;
  label: ReactNode;
  required?: boolean;
  /** Shown between the label and the field. */
  help?: ReactNode;
  /** Shown under the field; also marks it invalid. */
  error?: string;
  width?: FieldWidth;
  placeholder?: string;
  className?: string;
  inputClassName?: string;
  /** Hides the 必須/任意 marker (e.g. on a sign-in form where every field is obviously needed). */
  hideMarker?: boolean;
}

/** DADS text field: label above with 必須/任意, help, the field, then the error message. */
export function TextField({
  label,
  required,
  help,
  error,
  width = 'l',
  placeholder,
  className,
  inputClassName,
  hideMarker,
  ...props
}: TextFieldProps) {
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
        {!hideMarker && <RequirementMarker required={required} />}
      </Label>
      {help && (
        <Text slot="description" className={helpClass}>
          {help}
        </Text>
      )}
      <Input placeholder={placeholder} className={inputClass(!!error, cx(widthClass[width], inputClassName))} />
      <FieldError>{error && <ErrorText>{error}</ErrorText>}</FieldError>
    </RACTextField>
  );
}
