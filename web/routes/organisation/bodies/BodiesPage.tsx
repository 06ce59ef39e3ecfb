/** 実施機関: the bodies the policy applies to (町長部局, 行政委員会, 地方公営企業, 議会) — list, add, rename. */
import { useMutation } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BODY_KINDS } from '../../../../src/modules/organisation/contract.ts';
import { may, patch, post, queryString, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { ExportMenu, exportFormatQuery } from '../../../components/ExportMenu.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { fieldId } from '../../../lib/forms.ts';
import { FormDialog } from '../shared/FormDialog.tsx';
import { useBodies } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { type Body, refreshOrganisation } from '../shared/types.ts';
import { Badge, FullDate, Loaded, PageHead, TABLE, useFormErrors, useRequired } from '../shared/ui.tsx';

type Editing = { mode: 'add' } | { mode: 'rename'; body: Body } | null;

function BodyDialog({
  editing,
  onClose,
  onDone,
}: {
  editing: Editing;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const required = useRequired();
  const errors = useFormErrors();
  const body = editing?.mode === 'rename' ? editing.body : null;
  const [kind, setKind] = useState<string>(body?.kind ?? 'ADMIN_COMMITTEE');
  const [name, setName] = useState(body?.name ?? '');
  const [sortOrder, setSortOrder] = useState(body ? String(body.sortOrder) : '');
  const save = useMutation({
    mutationFn: () => {
      const order = sortOrder.trim() === '' ? undefined : Number(sortOrder);
      return body
        ? patch(`/bodies/${body.id}`, { name: name.trim(), sortOrder: order })
        : post('/bodies', { kind, name: name.trim(), sortOrder: order });
    },
    onSuccess: async () => {
      await refreshOrganisation();
      onDone(name.trim());
    },
    onError: errors.fromError,
  });
  function submit() {
    const problems = [];
    if (!name.trim()) problems.push(required('name', t('org.bodies.name')));
    if (sortOrder.trim() && !/^\d{1,4}$/.test(sortOrder.trim()))
      problems.push({
        field: 'sortOrder',
        message: { ja: t('org.bodies.sortOrderHelp', { lng: 'ja' }), en: t('org.bodies.sortOrderHelp', { lng: 'en' }) },
      });
    if (problems.length) return errors.local(problems);
    save.mutate();
  }
  return (
    <FormDialog
      isOpen={editing !== null}
      onClose={onClose}
      title={body ? t('org.bodies.renameTitle', { name: body.name }) : t('org.bodies.addTitle')}
      submitLabel={body ? t('common.save') : t('org.bodies.addSubmit')}
      onSubmit={submit}
      isPending={save.isPending}
      banner={errors.banner}
    >
      {!body && (
        <Select
          id={fieldId('kind')}
          label={t('org.bodies.kind')}
          required
          value={kind}
          onChange={setKind}
          options={BODY_KINDS.map((k) => ({ value: k, label: labels.bodyKind(k) }))}
          error={errors.err('kind')}
        />
      )}
      <TextField
        id={fieldId('name')}
        label={t('org.bodies.name')}
        required
        help={t('org.bodies.nameHelp')}
        value={name}
        onChange={setName}
        error={errors.err('name')}
        autoFocus
      />
      <TextField
        id={fieldId('sortOrder')}
        label={t('org.bodies.sortOrder')}
        help={t('org.bodies.sortOrderHelp')}
        width="xs"
        inputMode="numeric"
        value={sortOrder}
        onChange={setSortOrder}
        error={errors.err('sortOrder')}
      />
    </FormDialog>
  );
}

export default function BodiesPage() {
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const { data: me } = useMe();
  const canManage = may(me ?? undefined, 'org_unit', 'manage');
  const bodies = useBodies();
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);

  const columns: ColumnDef<Body, unknown>[] = [
    { id: 'kind', header: t('org.bodies.kind'), cell: ({ row }) => labels.bodyKind(row.original.kind) },
    {
      id: 'name',
      header: t('org.bodies.name'),
      cell: ({ row }) => <span className="font-bold">{row.original.name}</span>,
    },
    {
      id: 'state',
      header: t('org.bodies.state'),
      cell: ({ row }) =>
        row.original.closedOn ? (
          <Badge tone="off">
            {t('org.bodies.closed')} <FullDate iso={row.original.closedOn} />
          </Badge>
        ) : (
          <Badge tone="ok">{t('org.bodies.open')}</Badge>
        ),
    },
    { id: 'sortOrder', header: t('org.bodies.sortOrder'), cell: ({ row }) => row.original.sortOrder },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: t('org.common.actions'),
            cell: ({ row }: { row: { original: Body } }) => (
              <Button
                variant="tertiary"
                size="sm"
                className="no-print"
                onPress={() => {
                  setDone(null);
                  setEditing({ mode: 'rename', body: row.original });
                }}
              >
                {t('org.bodies.rename')}
                <span className="sr-only">：{row.original.name}</span>
              </Button>
            ),
          } satisfies ColumnDef<Body, unknown>,
        ]
      : []),
  ];

  return (
    <div className="flex flex-col gap-6">
      <PageHead
        title={t('org.bodies.title')}
        crumbs={[{ label: t('org.bodies.title') }]}
        lead={t('org.bodies.lead')}
        actions={
          canManage && (
            <Button
              onPress={() => {
                setDone(null);
                setEditing({ mode: 'add' });
              }}
            >
              {t('org.bodies.add')}
            </Button>
          )
        }
      />
      {done && <NotificationBanner kind="success">{done}</NotificationBanner>}
      <Loaded query={bodies}>
        {(list) => (
          <>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-std-16N-170" aria-live="polite">
                {t('org.common.count', { count: list.length })}
              </p>
              <div className="flex gap-3">
                <ExportMenu
                  what={t('org.bodies.title')}
                  download={(f) => `/bodies/export${queryString(exportFormatQuery(f))}`}
                />
                <PrintButton what={t('org.bodies.title')} />
              </div>
            </div>
            <Table
              caption={t('org.bodies.caption')}
              columns={columns}
              data={list}
              rowKey={(b) => b.id}
              empty={t('org.bodies.empty')}
              className={TABLE}
            />
          </>
        )}
      </Loaded>
      {editing && (
        <BodyDialog
          key={editing.mode === 'rename' ? editing.body.id : 'add'}
          editing={editing}
          onClose={() => setEditing(null)}
          onDone={(name) => {
            setDone(editing.mode === 'rename' ? t('org.bodies.renamed', { name }) : t('org.bodies.added', { name }));
            setEditing(null);
          }}
        />
      )}
    </div>
  );
}
