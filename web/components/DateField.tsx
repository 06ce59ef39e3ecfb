import { useTranslation } from 'react-i18next';
import { isIsoDate, toWarekiWithSeireki } from '../lib/dates.ts';
import { TextField, type TextFieldProps } from './TextField.tsx';

export interface DateFieldProps extends Omit<TextFieldProps, 'value' | 'onChange' | 'width' | 'inputMode'> {
  /** ISO 8601 calendar date, YYYY-MM-DD (what the API stores). */
  value: string;
  onChange: (iso: string) => void;
}

/**
 * A date typed as 2026-04-01 (the stored form), with its 和暦 read back under the field as the user types:
 * 令和8年4月1日（2026年4月1日）. The read-back is a polite live region so screen-reader users hear it too.
 */
export function DateField({ value, onChange, help, ...props }: DateFieldProps) {
  const { t } = useTranslation();
  const valid = isIsoDate(value);
  return (
    <div className="flex flex-col gap-1">
      <TextField
        {...props}
        value={value}
        onChange={(v) => onChange(v.trim())}
        help={help ?? t('dateField.help')}
        width="s"
        inputMode="numeric"
        placeholder="2026-04-01"
        maxLength={10}
        autoComplete="off"
      />
      <p aria-live="polite" className="min-h-[1.7em] text-std-16N-170 text-solid-gray-800">
        {valid ? t('dateField.preview', { wareki: toWarekiWithSeireki(value) }) : ''}
      </p>
    </div>
  );
}
