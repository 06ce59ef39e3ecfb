/** Pieces of the page frame shared by the signed-in shell and the public pages. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ShieldIcon } from '../components/Icons.tsx';
import { setLanguage } from '../i18n/index.ts';
import { cx } from '../lib/cx.ts';
import { useLanguage } from '../lib/i18n-hooks.ts';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a
      href="#main"
      className="skip-link sr-only z-50 bg-yellow-300 px-4 py-3 font-bold text-black focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      {t('common.skipToContent')}
    </a>
  );
}

export function Brand({ tenantName }: { tenantName?: string }) {
  const { t } = useTranslation();
  return (
    <Link to="/" className="flex items-center gap-3 text-solid-gray-900 no-underline hover:text-solid-gray-900">
      <ShieldIcon size={36} className="shrink-0 text-blue-900" />
      <span className="flex flex-col leading-130">
        {tenantName && <span className="text-std-20B-150 text-solid-gray-900">{tenantName}</span>}
        <span className={cx(tenantName ? 'text-dns-14N-130 text-solid-gray-700' : 'text-std-20B-150')}>
          {t('common.appName')}
          {tenantName ? `　${t('common.appTagline')}` : ''}
        </span>
        {!tenantName && <span className="text-dns-14N-130 text-solid-gray-700">{t('common.appTagline')}</span>}
      </span>
    </Link>
  );
}

/** 日本語 / English. Each label is in its own language so everyone can find theirs. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const option = (code: 'ja' | 'en', label: string) => (
    <button
      type="button"
      lang={code}
      aria-pressed={lang === code}
      onClick={() => setLanguage(code)}
      className={cx(
        'min-h-11 cursor-pointer rounded-6 px-3 text-dns-16B-130',
        lang === code ? 'bg-blue-900 text-white' : 'text-blue-1000 underline underline-offset-[3px] hover:bg-blue-50',
      )}
    >
      {label}
    </button>
  );
  return (
    <fieldset className="flex items-center gap-1">
      <legend className="sr-only">{t('common.languageGroup')}</legend>
      {option('ja', t('common.japanese'))}
      {option('en', t('common.english'))}
    </fieldset>
  );
}
