/**
 * 緊急連絡網: who to call when an incident happens — CISO, 副CISO, 統括, CSIRT, then the 情報セキュリティ責任者 of
 * each 部局 and the 管理者 of each 課室 — as a sheet that prints on ONE A4 portrait page (emergency-print.css):
 * 団体名, title, 作成日 in 和暦, a compact table and a footer. Roles nobody holds show as 「（未任命）」.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../api.ts';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';
import { Loaded } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { formatDate } from '../../../lib/dates.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import { usePageTitle } from '../../../lib/page.tsx';
import './emergency-print.css';
import { EmailText, useRoleName } from './RoleName.tsx';
import { type ContactEntry, contactKeys, type EmergencyContacts } from './types.ts';

function Person({ e }: { e: ContactEntry }) {
  const { t } = useTranslation();
  if (e.vacant) return <span className="font-bold text-red-900">{t('committee.contacts.vacant')}</span>;
  return (
    <span className="flex flex-col leading-130">
      <span className="font-bold">
        {e.name}
        {e.delegation && <span className="font-normal">{t('committee.contacts.delegation')}</span>}
      </span>
      <span className="contact-kana whitespace-nowrap text-solid-gray-700">{e.kana}</span>
    </span>
  );
}

function Sheet({ data }: { data: EmergencyContacts }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const roleName = useRoleName();
  const vacant = data.entries.filter((e) => e.vacant).length;
  const today = formatDate(data.on, lang);
  return (
    <article
      className="emergency-sheet flex flex-col gap-4"
      aria-labelledby="emergency-title"
      data-density={data.entries.length > 24 ? 'dense' : undefined}
    >
      <div className="emergency-head flex flex-wrap items-end justify-between gap-x-6 gap-y-1 border-b-2 border-solid-gray-900 pb-2">
        <div>
          <p className="emergency-tenant text-std-17B-170 text-solid-gray-800">{data.tenantName}</p>
          <h1 id="emergency-title" className="emergency-title text-std-28B-150 text-solid-gray-900">
            {t('committee.contacts.emergencyTitle')}
          </h1>
        </div>
        <p className="emergency-date text-std-16N-170">{t('committee.contacts.createdOn', { date: today })}</p>
      </div>
      {vacant > 0 && (
        <p className="emergency-warning no-print rounded-8 border-2 border-yellow-900 bg-yellow-50 px-4 py-2 text-std-16N-170">
          {t('committee.contacts.vacantWarning', { count: vacant })}
          <Link to="/organisation/appointments" className="ml-2">
            {t('committee.contacts.toAppointments')}
          </Link>
        </p>
      )}
      <table className="emergency-table w-full border-collapse text-left text-std-16N-170">
        <caption className="sr-only">{t('committee.contacts.emergencyCaption')}</caption>
        <colgroup>
          <col className="w-[17%]" />
          <col className="w-[14%]" />
          <col className="w-[14%]" />
          <col className="w-[10%]" />
          <col className="w-[11%]" />
          <col className="w-[11%]" />
          <col className="w-[23%]" />
        </colgroup>
        <thead>
          <tr className="border-y border-solid-gray-420 bg-solid-gray-50">
            {(['role', 'unit', 'name', 'title', 'phone', 'mobile', 'email'] as const).map((c) => (
              <th key={c} scope="col" className="px-2 py-2 align-bottom text-std-16B-170">
                {t(`committee.contacts.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.entries.map((e, i) => (
            <tr
              // biome-ignore lint/suspicious/noArrayIndexKey: one row per role and unit; a role may be held twice (代理)
              key={`${e.role}:${e.unitId ?? ''}:${e.personId ?? ''}:${i}`}
              className={e.vacant ? 'border-b border-solid-gray-200 bg-red-50' : 'border-b border-solid-gray-200'}
            >
              <th scope="row" className="px-2 py-1.5 align-top font-normal">
                {roleName(e.role)}
              </th>
              <td className="contact-unit px-2 py-1.5 align-top">{e.unitPath || '—'}</td>
              <td className="px-2 py-1.5 align-top">
                <Person e={e} />
              </td>
              <td className="contact-title px-2 py-1.5 align-top">{e.title || (e.vacant ? '' : '—')}</td>
              <td className="contact-phone px-2 py-1.5 align-top whitespace-nowrap">{e.phone ?? ''}</td>
              <td className="contact-phone px-2 py-1.5 align-top whitespace-nowrap">{e.mobile ?? ''}</td>
              <td className="contact-email px-2 py-1.5 align-top text-dns-14N-130 [overflow-wrap:anywhere]">
                <EmailText email={e.email} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="emergency-note text-std-16N-170 text-solid-gray-800">
        {t('committee.contacts.note')}
        {data.mobilesShown ? t('committee.contacts.noteMobile') : t('committee.contacts.noteNoMobile')}
      </p>
      <div className="emergency-foot print-only">
        <span>
          {data.tenantName}　{t('committee.contacts.emergencyTitle')}
        </span>
        <span>{t('committee.contacts.createdOn', { date: today })}</span>
        <span>{t('committee.contacts.handleWithCare')}</span>
      </div>
    </article>
  );
}

export default function EmergencyPage() {
  const { t } = useTranslation();
  usePageTitle(t('committee.contacts.emergencyTitle'));
  const query = useQuery({
    queryKey: contactKeys.emergency,
    queryFn: () => get<EmergencyContacts>('/organisation/emergency-contacts'),
  });
  return (
    <div className="flex max-w-[72rem] flex-col gap-4">
      <div className="no-print flex flex-col gap-2">
        <Breadcrumb
          items={[
            { label: t('organisation.title'), href: '/organisation' },
            { label: t('committee.contacts.emergencyTitle') },
          ]}
        />
        <div className="flex flex-wrap items-center justify-between gap-4">
          <p className="max-w-[48rem] text-std-16N-170">
            {t('committee.contacts.emergencyLead')}{' '}
            <Link to="/organisation/contacts/csirt">{t('committee.contacts.toCsirt')}</Link>
          </p>
          <PrintButton what={t('committee.contacts.emergencyTitle')} />
        </div>
      </div>
      <Loaded query={query}>{(data) => <Sheet data={data} />}</Loaded>
    </div>
  );
}
