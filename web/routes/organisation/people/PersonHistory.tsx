/**
 * 履歴 of one person: the dates on the record (着任, 異動, 退職・転出) for everyone who may read it, and — for those who
 * may read the audit trail — each recorded change (登録, 変更, 異動, 退職 …) with who made it.
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { listEvents } from '../../../../src/modules/audit/service.ts';
import { get, may, queryString, useMe } from '../../../api.ts';
import { Table } from '../../../components/Table.tsx';
import { formatDate, formatDateTimeCompact } from '../../../lib/dates.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import { useUnits } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { orgKeys, type PersonDetail } from '../shared/types.ts';
import { Facts, FullDate, Loaded, TABLE } from '../shared/ui.tsx';

type AuditPage = Awaited<ReturnType<typeof listEvents>>;
type AuditEvent = AuditPage['items'][number];
type Row = Record<string, unknown> | null;

/** Columns of the person record, as the form calls them. */
const FIELD_KEYS: Record<string, string> = {
  staff_number: 'staffNumber',
  family_name: 'familyName',
  given_name: 'givenName',
  family_kana: 'familyKana',
  given_kana: 'givenKana',
  employment_type: 'employmentType',
  title: 'title',
  employer: 'employer',
  email: 'email',
  phone: 'phone',
  mobile_phone: 'mobilePhone',
  joined_on: 'joinedOn',
};

function AuditTable({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const day = (v: unknown) => (typeof v === 'string' && v ? formatDate(v, lang) : '');
  const labels = useOrgLabels();
  const units = useUnits({ includeClosed: true });
  const params = { entityType: 'person', entityId: person.id, limit: '100' };
  const events = useQuery({
    queryKey: orgKeys.personHistory(person.id),
    queryFn: () => get<AuditPage>(`/audit-events${queryString(params)}`),
  });
  const unitPath = (id: unknown) =>
    typeof id === 'string' ? (units.data?.items.find((u) => u.id === id)?.path ?? '') : t('org.people.noUnit');

  const explain = (e: AuditEvent): string => {
    const before = e.before as Row;
    const after = e.after as Row;
    switch (e.action) {
      case 'create':
        return t('org.person.hist.created', { unit: unitPath(after?.org_unit_id ?? null) });
      case 'transfer':
        return t('org.person.hist.transferred', {
          before: unitPath(before?.org_unit_id ?? null),
          after: unitPath(after?.org_unit_id ?? null),
          date: day(after?.status_changed_on),
        });
      case 'retire':
      case 'transfer_out':
        return t('org.person.hist.left', {
          kind: labels.status(e.action === 'retire' ? 'RETIRED' : 'TRANSFERRED'),
          date: day(after?.left_on),
          count: Number(after?.appointmentsEnded ?? 0),
        });
      case 'update': {
        const changed = Object.entries(FIELD_KEYS)
          .filter(([col]) => before && after && before[col] !== after[col])
          .map(([, key]) => t(`org.form.${key}`));
        return changed.length
          ? t('org.person.hist.updated', { fields: changed.join('、') })
          : t('org.person.hist.updatedNothing');
      }
      case 'read_contact':
        return t('org.person.hist.readContact');
      default:
        return e.action;
    }
  };
  const columns: ColumnDef<AuditEvent, unknown>[] = [
    {
      id: 'at',
      header: t('org.common.when'),
      cell: ({ row }) => {
        const d = formatDateTimeCompact(row.original.occurredAt);
        return (
          <span title={d.full} className="whitespace-nowrap">
            <span aria-hidden="true" className="print:hidden">
              {d.short}
            </span>
            <span className="sr-only print:not-sr-only">{d.full}</span>
          </span>
        );
      },
    },
    {
      id: 'action',
      header: t('org.common.action'),
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          {t(`org.person.hist.action.${row.original.action}`, { defaultValue: row.original.action })}
        </span>
      ),
    },
    { id: 'what', header: t('org.common.details'), cell: ({ row }) => explain(row.original) },
    { id: 'actor', header: t('org.common.actor'), cell: ({ row }) => row.original.actor },
  ];
  return (
    <Loaded query={events}>
      {(page) => (
        <Table
          caption={t('org.person.auditCaption')}
          columns={columns}
          data={page.items}
          rowKey={(e) => e.id}
          empty={t('org.person.auditEmpty')}
          className={TABLE}
        />
      )}
    </Loaded>
  );
}

export function PersonHistory({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const labels = useOrgLabels();
  return (
    <div className="flex flex-col gap-6">
      <Facts
        items={[
          [t('org.people.joinedOn'), person.joinedOn ? <FullDate key="j" iso={person.joinedOn} /> : ''],
          person.status === 'ACTIVE' &&
            !!person.statusChangedOn && [
              t('org.person.lastTransfer'),
              <FullDate key="s" iso={person.statusChangedOn} />,
            ],
          person.status !== 'ACTIVE' && [
            t('org.person.leftAs', { kind: labels.status(person.status) }),
            <FullDate key="l" iso={person.leftOn} />,
          ],
        ]}
      />
      {may(me ?? undefined, 'audit_event', 'read') ? (
        <AuditTable person={person} />
      ) : (
        <p className="text-std-16N-170 text-solid-gray-800">{t('org.person.auditHidden')}</p>
      )}
    </div>
  );
}
