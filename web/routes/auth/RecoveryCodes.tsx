import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { PrintIcon } from '../../components/Icons.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { formatDate, todayInJapan } from '../../lib/dates.ts';
import { fieldId } from '../../lib/forms.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';

/**
 * The 10 recovery codes, shown once: print them, tick 「保管しました」, then continue. The box must be ticked;
 * pressing the button without it explains why (DADS: do not silently disable the button).
 */
export function RecoveryCodes({
  codes,
  onDone,
  doneLabel,
  headingLevel = 2,
}: {
  codes: string[];
  onDone: () => void;
  doneLabel: string;
  headingLevel?: 1 | 2;
}) {
  const { t } = useTranslation();
  const [stored, setStored] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const { data: me } = useMe();
  const lang = useLanguage();
  const Heading = `h${headingLevel}` as 'h1' | 'h2';
  const SubHeading = `h${headingLevel + 1}` as 'h2' | 'h3';
  const headingClass = headingLevel === 1 ? 'text-std-32B-150' : 'text-std-24B-150';
  return (
    <section aria-labelledby="recovery-title" className="flex flex-col gap-5">
      <Heading id="recovery-title" tabIndex={-1} className={`${headingClass} text-solid-gray-900`}>
        {t('recovery.title')}
      </Heading>
      <p className="text-std-16N-170">{t('recovery.lead')}</p>
      <NotificationBanner kind="warning" live={false}>
        {t('recovery.once')}
      </NotificationBanner>
      <div className="rounded-8 border-2 border-dashed border-solid-gray-420 px-6 py-5">
        <SubHeading className="mb-3 text-std-17B-170">{t('recovery.listLabel')}</SubHeading>
        {me && (
          <p className="print-only mb-3">
            {t('recovery.printContext', {
              tenant: me.tenant.name,
              loginId: me.user.loginId,
              date: formatDate(todayInJapan(), lang),
            })}
          </p>
        )}
        <ol className="grid grid-cols-2 gap-x-10 gap-y-2 font-mono text-[1.125rem] leading-150 tracking-[0.08em]">
          {codes.map((c, i) => (
            <li key={c} className="flex gap-3">
              <span className="w-8 text-right text-solid-gray-600">{i + 1}.</span>
              <span data-testid="recovery-code">{c}</span>
            </li>
          ))}
        </ol>
      </div>
      <div className="no-print flex flex-col gap-5">
        <div>
          <Button variant="secondary" size="sm" onPress={() => window.print()}>
            <PrintIcon size={20} />
            {t('recovery.print')}
          </Button>
        </div>
        <Checkbox
          id={fieldId('stored')}
          isSelected={stored}
          onChange={(v) => {
            setStored(v);
            if (v) setError(undefined);
          }}
          error={error}
        >
          {t('recovery.stored')}
        </Checkbox>
        <div>
          <Button
            onPress={() => {
              if (!stored) {
                setError(t('recovery.storedError'));
                document.getElementById(fieldId('stored'))?.focus();
                return;
              }
              onDone();
            }}
          >
            {doneLabel}
          </Button>
        </div>
      </div>
    </section>
  );
}
