/**
 * 周知・確認 (/policies/acknowledgements): each member of staff sees the documents they are asked to read and
 * confirms them; those who keep the policy start a campaign for a published version and an audience (全職員等, a
 * 部局・課室, 委託事業者の従事者), follow completion by unit and who is missing (exportable), and close it.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { addDays } from '../../../../src/domain/policy/exceptions.ts';
import { get, may, post, queryClient, useMe } from '../../../api.ts';
import { Button, ButtonLink } from '../../../components/Button.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ConfirmDialog } from '../../../components/Dialog.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { ExportMenu } from '../../../components/ExportMenu.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { DateText, Facts, InstantText, Loaded, useErrorText } from '../../../components/PageParts.tsx';
import { PrintButton } from '../../../components/PrintButton.tsx';
import { RadioGroup } from '../../../components/RadioGroup.tsx';
import { Select } from '../../../components/Select.tsx';
import { Table } from '../../../components/Table.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useFieldErrors } from '../form-errors.ts';
import { usePolicyHeading } from '../heading.tsx';
import type { DocumentList } from '../types.ts';
import { Badge, Block, useUnits } from './parts.tsx';
import {
  type CampaignList,
  type CampaignReport,
  type CampaignSummary,
  type MyAcknowledgement,
  type MyAcknowledgements,
  recordKeys,
} from './types.ts';

const percent = (rate: number | null | undefined) => (rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const nf = new Intl.NumberFormat('ja-JP');

function Mine() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [done, setDone] = useState<string | null>(null);
  const query = useQuery({
    queryKey: recordKeys.mine,
    queryFn: () => get<MyAcknowledgements>('/policy-acknowledgements/mine'),
  });
  const ack = useMutation({
    mutationFn: (item: MyAcknowledgement) => post(`/policy-acknowledgements/campaigns/${item.campaignId}/acknowledge`),
    onSuccess: (_r, item) => {
      setDone(t('policies.acknowledgements.acknowledged', { title: item.title }));
      void queryClient.invalidateQueries({ queryKey: recordKeys.all });
    },
  });
  return (
    <Block id="ack-mine" title={t('policies.acknowledgements.mineTitle')}>
      {done && <NotificationBanner kind="success">{done}</NotificationBanner>}
      {ack.isError && <NotificationBanner kind="error">{errorText(ack.error)}</NotificationBanner>}
      <Loaded query={query}>
        {(data) => {
          const open = data.items.filter((i) => i.open && !i.acknowledgedAt);
          const past = data.items.filter((i) => !(i.open && !i.acknowledgedAt));
          return (
            <>
              {open.length === 0 ? (
                <p className="text-std-16N-170">{t('policies.acknowledgements.mineNone')}</p>
              ) : (
                <ul className="flex flex-col gap-4">
                  {open.map((item) => (
                    <li
                      key={item.campaignId}
                      className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 px-6 py-4"
                    >
                      <p className="text-std-18B-160">{item.title}</p>
                      <p className="text-std-16N-170">
                        {t('policies.acknowledgements.dueOn')}：<DateText iso={item.dueOn} />{' '}
                        {item.overdue && <Badge tone="bad">{t('policies.acknowledgements.overdue')}</Badge>}
                      </p>
                      <p className="text-std-16N-170">{t('policies.acknowledgements.readFirst')}</p>
                      <div className="flex flex-wrap items-center gap-4">
                        <Link to={`/policies/versions/${item.versionId}`}>
                          {t('policies.acknowledgements.readText', { n: item.versionNumber })}
                        </Link>
                        <Button
                          onPress={() => {
                            setDone(null);
                            ack.mutate(item);
                          }}
                          isPending={ack.isPending && ack.variables?.campaignId === item.campaignId}
                          aria-label={t('policies.acknowledgements.confirmFor', { title: item.title })}
                        >
                          {t('policies.acknowledgements.confirm')}
                        </Button>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {past.length > 0 && (
                <Table<MyAcknowledgement>
                  caption={t('policies.acknowledgements.mineHistory')}
                  columns={[
                    { header: t('policies.acknowledgements.campaign'), cell: ({ row }) => row.original.title },
                    {
                      header: t('policies.acknowledgements.acknowledgedAt'),
                      cell: ({ row }) =>
                        row.original.acknowledgedAt ? (
                          <InstantText instant={row.original.acknowledgedAt} />
                        ) : (
                          <Badge tone="warn">{t('policies.acknowledgements.closedUnconfirmed')}</Badge>
                        ),
                    },
                  ]}
                  data={past}
                  rowKey={(r) => r.campaignId}
                />
              )}
            </>
          );
        }}
      </Loaded>
    </Block>
  );
}

function Campaigns({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: recordKeys.campaigns,
    queryFn: () => get<CampaignList>('/policy-acknowledgements/campaigns'),
  });
  return (
    <Block
      id="ack-campaigns"
      title={t('policies.acknowledgements.campaignsTitle')}
      actions={
        manage ? (
          <ButtonLink to="/policies/acknowledgements/new" size="sm">
            {t('policies.acknowledgements.new')}
          </ButtonLink>
        ) : undefined
      }
    >
      <Loaded query={query}>
        {(data) => (
          <Table<CampaignSummary>
            caption={t('policies.acknowledgements.campaignsTitle')}
            captionHidden
            columns={[
              {
                header: t('policies.acknowledgements.campaign'),
                cell: ({ row }) => (
                  <Link to={`/policies/acknowledgements/${row.original.id}`}>{row.original.title}</Link>
                ),
              },
              { header: t('policies.acknowledgements.audience'), cell: ({ row }) => row.original.audienceLabel },
              {
                header: t('policies.acknowledgements.dueOn'),
                cell: ({ row }) => <DateText iso={row.original.dueOn} />,
              },
              {
                header: t('policies.acknowledgements.status'),
                cell: ({ row }) =>
                  row.original.status === 'OPEN' ? (
                    <Badge tone="info">{t('policies.acknowledgements.open')}</Badge>
                  ) : (
                    <Badge tone="ok">{t('policies.acknowledgements.closed')}</Badge>
                  ),
              },
              {
                header: t('policies.acknowledgements.completion'),
                cell: ({ row }) =>
                  t('policies.acknowledgements.counts', {
                    done: nf.format(row.original.acknowledged ?? 0),
                    asked: nf.format(row.original.asked ?? 0),
                    rate: percent(row.original.rate),
                  }),
              },
            ]}
            data={data.items}
            rowKey={(c) => c.id}
            empty={t('policies.acknowledgements.noCampaigns')}
          />
        )}
      </Loaded>
    </Block>
  );
}

function Overview() {
  const { data: me } = useMe();
  const mine = !!me?.person && may(me ?? undefined, 'policy_ack', 'acknowledge');
  const report = may(me ?? undefined, 'policy_ack', 'read_report');
  return (
    <div className="flex flex-col gap-10">
      {mine && <Mine />}
      {report && <Campaigns manage={may(me ?? undefined, 'policy_ack', 'manage')} />}
    </div>
  );
}

function NewCampaign() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePolicyHeading(t('policies.acknowledgements.new'), [
    { label: t('policies.pages.acknowledgements'), href: '/policies/acknowledgements' },
  ]);
  const docs = useQuery({ queryKey: ['policies', 'list'], queryFn: () => get<DocumentList>('/policies') });
  const units = useUnits();
  const [versionId, setVersionId] = useState('');
  const [audience, setAudience] = useState<'ALL_STAFF' | 'UNIT' | 'CONTRACTORS'>('ALL_STAFF');
  const [unitId, setUnitId] = useState('');
  const [dueOn, setDueOn] = useState(addDays(todayInJapan(), 30));
  const [remind, setRemind] = useState('7');
  const [title, setTitle] = useState('');
  const [attempt, setAttempt] = useState(0);
  const create = useMutation({
    mutationFn: () =>
      post<CampaignSummary>('/policy-acknowledgements/campaigns', {
        versionId,
        audience: audience === 'UNIT' ? { kind: 'UNIT', unitId } : { kind: audience },
        dueOn,
        remindEveryDays: Number(remind) || 7,
        ...(title.trim() ? { title: title.trim() } : {}),
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: recordKeys.all });
      navigate(`/policies/acknowledgements/${c.id}`);
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const labels = {
    versionId: t('policies.acknowledgements.version'),
    'audience.unitId': t('policies.acknowledgements.unit'),
    audience: t('policies.acknowledgements.audience'),
    dueOn: t('policies.acknowledgements.dueOn'),
    remindEveryDays: t('policies.acknowledgements.remindEvery'),
    title: t('policies.acknowledgements.titleField'),
  };
  const errors = useFieldErrors(create.error, labels);
  const options = (docs.data?.items ?? [])
    .filter((d) => d.kind !== 'PROCEDURE')
    .flatMap((d) =>
      [d.inForce, ...d.scheduled]
        .filter((v): v is NonNullable<typeof v> => !!v)
        .map((v) => ({
          value: v.id,
          label: t('policies.acknowledgements.versionOption', { title: d.title, n: v.number }),
        })),
    );
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form noValidate onSubmit={submit} className="flex max-w-[48rem] flex-col gap-6">
      <p className="text-std-16N-170">{t('policies.acknowledgements.newLead')}</p>
      <ErrorSummary items={errors.items} focusKey={attempt} />
      {errors.general && <NotificationBanner kind="error">{errors.general}</NotificationBanner>}
      <Select
        id={fieldId('versionId')}
        label={labels.versionId}
        required
        value={versionId}
        onChange={setVersionId}
        error={errors.of('versionId')}
        options={[{ value: '', label: t('policies.acknowledgements.choose') }, ...options]}
      />
      <RadioGroup
        id={fieldId('audience')}
        label={labels.audience}
        required
        value={audience}
        onChange={(v) => setAudience(v as typeof audience)}
        options={(['ALL_STAFF', 'UNIT', 'CONTRACTORS'] as const).map((k) => ({
          value: k,
          label: t(`policies.acknowledgements.audiences.${k}`),
        }))}
      />
      {audience === 'UNIT' && (
        <Select
          id={fieldId('audience.unitId')}
          label={labels['audience.unitId']}
          required
          value={unitId}
          onChange={setUnitId}
          error={errors.of('audience.unitId')}
          options={[
            { value: '', label: t('policies.acknowledgements.choose') },
            ...(units.data ?? []).map((u) => ({ value: u.id, label: u.path })),
          ]}
        />
      )}
      <DateField
        id={fieldId('dueOn')}
        label={labels.dueOn}
        required
        value={dueOn}
        onChange={setDueOn}
        error={errors.of('dueOn')}
      />
      <TextField
        id={fieldId('remindEveryDays')}
        label={labels.remindEveryDays}
        help={t('policies.acknowledgements.remindHelp')}
        width="xs"
        inputMode="numeric"
        value={remind}
        onChange={setRemind}
        error={errors.of('remindEveryDays')}
      />
      <TextField
        id={fieldId('title')}
        label={labels.title}
        help={t('policies.acknowledgements.titleHelp')}
        value={title}
        onChange={setTitle}
        error={errors.of('title')}
      />
      <div className="flex gap-4">
        <Button type="submit" isPending={create.isPending}>
          {t('policies.acknowledgements.start')}
        </Button>
        <ButtonLink to="/policies/acknowledgements" variant="tertiary">
          {t('common.cancel')}
        </ButtonLink>
      </div>
    </form>
  );
}

type UnitRow = CampaignReport['byUnit'][number];
type Pending = CampaignReport['pending'][number];

function Report() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const errorText = useErrorText();
  const [confirm, setConfirm] = useState(false);
  const query = useQuery({
    queryKey: recordKeys.campaign(id),
    queryFn: () => get<CampaignReport>(`/policy-acknowledgements/campaigns/${id}`),
  });
  usePolicyHeading(query.data?.title ?? null, [
    { label: t('policies.pages.acknowledgements'), href: '/policies/acknowledgements' },
  ]);
  const close = useMutation({
    mutationFn: () => post(`/policy-acknowledgements/campaigns/${id}/close`),
    onSuccess: () => {
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: recordKeys.all });
    },
  });
  return (
    <Loaded query={query}>
      {(c) => (
        <div className="flex flex-col gap-8">
          <Facts
            items={[
              { label: t('policies.acknowledgements.audience'), value: c.audienceLabel },
              { label: t('policies.acknowledgements.dueOn'), value: <DateText iso={c.dueOn} /> },
              {
                label: t('policies.acknowledgements.status'),
                value:
                  c.status === 'OPEN' ? t('policies.acknowledgements.open') : t('policies.acknowledgements.closed'),
              },
              {
                label: t('policies.acknowledgements.completion'),
                value: t('policies.acknowledgements.counts', {
                  done: nf.format(c.acknowledged ?? 0),
                  asked: nf.format(c.asked ?? 0),
                  rate: percent(c.rate),
                }),
              },
              { label: t('policies.acknowledgements.startedBy'), value: c.startedBy },
            ]}
          />
          <div className="no-print flex flex-wrap gap-3">
            <Link to={`/policies/versions/${c.versionId}`}>{t('policies.acknowledgements.openVersion')}</Link>
            <PrintButton what={c.title} />
            {c.status === 'OPEN' && may(me ?? undefined, 'policy_ack', 'manage') && (
              <Button variant="secondary" size="sm" onPress={() => setConfirm(true)}>
                {t('policies.acknowledgements.close')}
              </Button>
            )}
          </div>
          {close.isError && <NotificationBanner kind="error">{errorText(close.error)}</NotificationBanner>}
          <Table<UnitRow>
            caption={t('policies.acknowledgements.byUnit')}
            columns={[
              { header: t('policies.acknowledgements.unit'), cell: ({ row }) => row.original.unitPath },
              {
                header: t('policies.acknowledgements.asked'),
                cell: ({ row }) => nf.format(row.original.withSubunits.asked),
              },
              {
                header: t('policies.acknowledgements.done'),
                cell: ({ row }) => nf.format(row.original.withSubunits.acknowledged),
              },
              {
                header: t('policies.acknowledgements.rate'),
                cell: ({ row }) => {
                  const u = row.original.withSubunits;
                  return percent(u.asked ? u.acknowledged / u.asked : null);
                },
              },
            ]}
            data={c.byUnit}
            rowKey={(u) => u.unitId}
            empty={t('policies.acknowledgements.noUnits')}
          />
          <Block
            id="ack-pending"
            title={t('policies.acknowledgements.pendingTitle', { count: c.pending.length })}
            actions={
              <ExportMenu
                what={t('policies.acknowledgements.pendingTitle', { count: c.pending.length })}
                isDisabled={c.pending.length === 0}
                build={async () => ({
                  name: t('policies.acknowledgements.pendingFile'),
                  header: [
                    t('policies.acknowledgements.name'),
                    t('policies.acknowledgements.unit'),
                    t('policies.acknowledgements.reminders'),
                  ],
                  rows: c.pending.map((p) => [p.name, p.unitPath, p.reminders]),
                  widths: [20, 40, 10],
                })}
              />
            }
          >
            <Table<Pending>
              caption={t('policies.acknowledgements.pendingTitle', { count: c.pending.length })}
              captionHidden
              columns={[
                { header: t('policies.acknowledgements.name'), cell: ({ row }) => row.original.name },
                { header: t('policies.acknowledgements.unit'), cell: ({ row }) => row.original.unitPath || '—' },
                {
                  header: t('policies.acknowledgements.reminders'),
                  cell: ({ row }) => t('policies.acknowledgements.times', { count: row.original.reminders }),
                },
              ]}
              data={c.pending}
              rowKey={(p) => p.personId}
              empty={t('policies.acknowledgements.allDone')}
            />
          </Block>
          <ConfirmDialog
            isOpen={confirm}
            onClose={() => setConfirm(false)}
            onConfirm={() => close.mutate()}
            title={t('policies.acknowledgements.closeTitle')}
            confirmLabel={t('policies.acknowledgements.close')}
            isPending={close.isPending}
          >
            <p>{t('policies.acknowledgements.closeLead', { count: c.pending.length })}</p>
          </ConfirmDialog>
        </div>
      )}
    </Loaded>
  );
}

export default function AcknowledgementsPage() {
  return (
    <Routes>
      <Route index element={<Overview />} />
      <Route path="new" element={<NewCampaign />} />
      <Route path=":id" element={<Report />} />
    </Routes>
  );
}
