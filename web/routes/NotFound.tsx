import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../lib/page.tsx';

export default function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <div className="flex max-w-[48rem] flex-col gap-4">
      <h1 className="text-std-32B-150 text-solid-gray-900">{t('notFound.title')}</h1>
      <p className="text-std-16N-170">{t('notFound.lead')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
