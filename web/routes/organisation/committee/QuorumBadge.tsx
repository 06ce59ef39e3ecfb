import { useTranslation } from 'react-i18next';
import { ErrorIcon, SuccessIcon } from '../../../components/Icons.tsx';
import { cx } from '../../../lib/cx.ts';
import type { Quorum } from './types.ts';

/** 成立 / 不成立 in words and an icon (never colour alone), with the count behind it. */
export function QuorumBadge({ quorum, detailed = false }: { quorum: Quorum; detailed?: boolean }) {
  const { t } = useTranslation();
  const Icon = quorum.quorate ? SuccessIcon : ErrorIcon;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span
        className={cx(
          'inline-flex items-center gap-1 rounded-6 border px-2 py-0.5 text-dns-14B-130',
          quorum.quorate ? 'border-green-900 bg-green-50 text-green-1000' : 'border-red-900 bg-red-50 text-red-1000',
        )}
      >
        <Icon size={16} />
        {quorum.quorate ? t('committee.quorate') : t('committee.notQuorate')}
      </span>
      {detailed && (
        <span className="text-std-16N-170 text-solid-gray-800">
          {t('committee.quorumCount', {
            attending: quorum.attendingMembers,
            members: quorum.members,
            required: quorum.required,
          })}
        </span>
      )}
    </span>
  );
}
