import { useTranslation } from 'react-i18next';
import { useOrgLabels } from '../shared/labels.ts';
import type { Person } from '../shared/types.ts';
import { Badge, DateCell } from '../shared/ui.tsx';

/** 在職 / 異動（転出） / 退職 in words with an icon, and the date of leaving. */
export function PersonStatusBadge({ person }: { person: Pick<Person, 'status' | 'leftOn'> }) {
  const { t } = useTranslation();
  const labels = useOrgLabels();
  if (person.status === 'ACTIVE') return <Badge tone="ok">{labels.status('ACTIVE')}</Badge>;
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone="off">{labels.status(person.status)}</Badge>
      {person.leftOn && (
        <span className="text-dns-14N-130 text-solid-gray-700">
          {t('org.people.leftOnShort')} <DateCell iso={person.leftOn} />
        </span>
      )}
    </span>
  );
}
