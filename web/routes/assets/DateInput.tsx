/** A date typed as clerks write it — 2026-04-01, 2026/4/1, 令和8年4月1日 or R8.4.1 — read back in 和暦（西暦）. */
import { useTranslation } from 'react-i18next';
import { normaliseDateInput } from '../../../src/domain/calendar.ts';
import { TextField } from '../../components/TextField.tsx';
import { isIsoDate, toWarekiWithSeireki } from '../../lib/dates.ts';

/** The ISO date for what was typed, or '' when it is not a date. */
export function toIsoDate(input: string): string {
  const v = normaliseDateInput(input.trim());
  return isIsoDate(v) ? v : '';
}

export function WarekiDateField({
  id,
  label,
  help,
  value,
  onChange,
  error,
  required,
}: {
  id: string;
  label: string;
  required?: boolean;
  help?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const iso = toIsoDate(value);
  return (
    <div className="flex flex-col gap-1">
      <TextField
        id={id}
        label={label}
        required={required}
        help={help ? `${help} ${t('assets.form.dateHelp')}` : t('assets.form.dateHelp')}
        width="s"
        value={value}
        onChange={onChange}
        onBlur={() => iso && iso !== value && onChange(iso)}
        placeholder="令和8年4月1日"
        maxLength={20}
        autoComplete="off"
        error={error}
      />
      <p aria-live="polite" className="min-h-[1.7em] text-std-16N-170 text-solid-gray-800">
        {iso ? t('dateField.preview', { wareki: toWarekiWithSeireki(iso) }) : ''}
      </p>
    </div>
  );
}
