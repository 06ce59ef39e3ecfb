import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../lib/forms.ts';
import { ErrorIcon } from './Icons.tsx';

export interface SummaryItem {
  /** The field path (as the server names it); the link goes to fieldId(field). */
  field: string;
  message: string;
}

/**
 * Error summary at the top of a form: how many problems, each a link that moves focus to its field.
 * It takes focus when it appears (or when `focusKey` changes, i.e. on each failed submit).
 */
export function ErrorSummary({ items, focusKey }: { items: SummaryItem[]; focusKey?: unknown }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again on every failed submit, not on each render
  useEffect(() => {
    if (items.length > 0) ref.current?.focus();
  }, [focusKey, items.length > 0]);
  if (items.length === 0) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      className="flex gap-3 rounded-8 border-2 border-red-900 bg-white px-5 py-4"
    >
      <ErrorIcon size={28} className="shrink-0 text-red-900" />
      <div className="flex flex-col gap-2">
        <h2 id="error-summary-title" className="text-std-18B-160 text-red-900">
          {t('errorSummary.title', { count: items.length })}
        </h2>
        <p className="text-std-16N-170">{t('errorSummary.lead')}</p>
        <ul className="flex list-disc flex-col gap-1 pl-6">
          {items.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              <a
                href={`#${fieldId(item.field)}`}
                className="text-red-900 underline underline-offset-[3px]"
                onClick={(e) => {
                  const el = document.getElementById(fieldId(item.field));
                  if (!el) return;
                  e.preventDefault();
                  el.scrollIntoView({ block: 'center' });
                  el.focus();
                }}
              >
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
