/**
 * 誓約書の文面: one text per audience (職員等, 委託事業者), in versions. A draft may be edited or deleted; publishing
 * puts it in force, after which pledges to earlier versions no longer count and everyone pledges again.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIENCES, type Audience } from '../../../src/modules/pledges/contract.ts';
import { ApiError, del, type FieldError, get, patch, post, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { DateText, Loaded, PageSection, useErrorText } from '../../components/PageParts.tsx';
import { Table } from '../../components/Table.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { TextField } from '../../components/TextField.tsx';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { type PledgeText, type PledgeTexts, pledgeKeys } from './types.ts';

type TextRow = PledgeTexts['items'][number];

function refresh() {
  void queryClient.invalidateQueries({ queryKey: pledgeKeys.all });
}

/** Title and body of a draft: a new version (from the text in force) or an existing draft. */
function DraftEditor({
  audience,
  draft,
  base,
  onDone,
}: {
  audience: Audience;
  draft: TextRow | null;
  base: TextRow | null;
  onDone: (notice: string | null) => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const [title, setTitle] = useState(draft?.title ?? base?.title ?? '');
  const [body, setBody] = useState(draft?.body ?? base?.body ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const prefix = `text-${audience}`;
  const save = useMutation({
    mutationFn: () =>
      draft
        ? patch<PledgeText>(`/pledges/texts/${encodeURIComponent(draft.id)}`, { title, body })
        : post<PledgeText>('/pledges/texts', { audience, title, body }),
    onSuccess: (saved) => {
      refresh();
      onDone(t('pledges.texts.draftSaved', { version: saved.version }));
    },
    onError: (e) => {
      setErrors(
        e instanceof ApiError && e.fields.length > 0
          ? e.fields
          : [{ field: 'title', message: { ja: errorText(e), en: errorText(e) } }],
      );
      setAttempt((n) => n + 1);
    },
  });
  const bi = (key: string) => ({ ja: t(key, { lng: 'ja' }), en: t(key, { lng: 'en' }) });
  const labels = { title: t('pledges.texts.titleField'), body: t('pledges.texts.bodyField') };
  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!title.trim()) problems.push({ field: 'title', message: bi('pledges.texts.titleMissing') });
    if (!body.trim()) problems.push({ field: 'body', message: bi('pledges.texts.bodyMissing') });
    if (problems.length) {
      setErrors(problems);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors([]);
    save.mutate();
  }
  const byField = errorsByField(errors);
  const err = (f: string) => msg(byField.get(f)) || undefined;
  // Field ids carry the audience (two editors may be open); the summary links use the same ids.
  const items = summaryItems(errors, labels, msg).map((i) => ({ ...i, field: `${prefix}.${i.field}` }));
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5 rounded-8 border border-solid-gray-420 px-6 py-5">
      <h3 className="text-std-20B-150">
        {draft
          ? t('pledges.texts.editDraft', { version: draft.version })
          : t('pledges.texts.newDraftTitle', { audience: t(`pledges.audiences.${audience}`) })}
      </h3>
      <ErrorSummary items={items} focusKey={attempt} />
      <TextField
        id={fieldId(`${prefix}.title`)}
        label={labels.title}
        required
        value={title}
        onChange={setTitle}
        error={err('title')}
        maxLength={100}
      />
      <TextArea
        id={fieldId(`${prefix}.body`)}
        label={labels.body}
        required
        help={t('pledges.texts.bodyHelp')}
        rows={16}
        width="full"
        value={body}
        onChange={setBody}
        error={err('body')}
        maxLength={20000}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" isPending={save.isPending}>
          {t('pledges.texts.saveDraft')}
        </Button>
        <Button variant="secondary" onPress={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function statusWord(row: TextRow, t: (k: string) => string) {
  if (row.status === 'DRAFT') return t('pledges.texts.statusDraft');
  return row.inForce ? t('pledges.texts.statusInForce') : t('pledges.texts.statusOld');
}

function AudienceTexts({ audience, rows }: { audience: Audience; rows: TextRow[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [editing, setEditing] = useState<'new' | 'draft' | null>(null);
  const [confirm, setConfirm] = useState<'publish' | 'delete' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const draft = rows.find((r) => r.status === 'DRAFT') ?? null;
  const inForce = rows.find((r) => r.inForce) ?? null;
  const audienceLabel = t(`pledges.audiences.${audience}`);

  const publish = useMutation({
    mutationFn: (id: string) => post<PledgeText>(`/pledges/texts/${encodeURIComponent(id)}/publish`),
    onSuccess: (text) => {
      setConfirm(null);
      setNotice(t('pledges.texts.published', { version: text.version, audience: audienceLabel }));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/pledges/texts/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setConfirm(null);
      setNotice(t('pledges.texts.deleted'));
      refresh();
    },
  });
  const failure = publish.error ?? remove.error;

  const columns: ColumnDef<TextRow, unknown>[] = [
    { header: t('pledges.version'), cell: ({ row }) => t('pledges.versionLabel', { version: row.original.version }) },
    {
      header: t('pledges.texts.titleField'),
      cell: ({ row }) => (
        <details>
          <summary className="cursor-pointer text-blue-1000 underline underline-offset-[3px]">
            {row.original.title}
          </summary>
          <div className="mt-2 max-w-[40rem] whitespace-pre-wrap rounded-8 bg-solid-gray-50 px-4 py-3 text-std-16N-170">
            {row.original.body}
          </div>
        </details>
      ),
    },
    {
      header: t('pledges.state'),
      cell: ({ row }) => (
        <span className={row.original.inForce ? 'font-bold text-green-1000' : undefined}>
          {statusWord(row.original, t)}
        </span>
      ),
    },
    {
      header: t('pledges.texts.publishedOn'),
      cell: ({ row }) => (row.original.publishedAt ? <DateText iso={row.original.publishedAt.slice(0, 10)} /> : '—'),
    },
  ];

  return (
    <PageSection
      id={`texts-${audience}`}
      title={t('pledges.texts.audienceTitle', { audience: audienceLabel })}
      lead={
        inForce
          ? t('pledges.texts.inForceLead', { version: inForce.version, title: inForce.title })
          : t('pledges.texts.noneInForce')
      }
      actions={
        !draft && editing === null ? (
          <Button variant="secondary" size="sm" onPress={() => setEditing('new')}>
            {t('pledges.texts.newDraft')}
          </Button>
        ) : undefined
      }
    >
      {notice && <NotificationBanner kind="success">{notice}</NotificationBanner>}
      {failure && <NotificationBanner kind="error">{errorText(failure)}</NotificationBanner>}
      {editing !== null ? (
        <DraftEditor
          audience={audience}
          draft={editing === 'draft' ? draft : null}
          base={inForce}
          onDone={(n) => {
            setEditing(null);
            if (n) setNotice(n);
          }}
        />
      ) : (
        draft && (
          <div className="flex flex-col gap-3 rounded-8 border-2 border-dashed border-solid-gray-600 px-6 py-4">
            <p className="text-std-17B-170">
              {t('pledges.texts.draftIs', { version: draft.version, title: draft.title })}
            </p>
            <p className="text-std-16N-170 text-solid-gray-800">{t('pledges.texts.draftLead')}</p>
            <div className="flex flex-wrap gap-3">
              <Button size="sm" onPress={() => setConfirm('publish')}>
                {t('pledges.texts.publish')}
              </Button>
              <Button variant="secondary" size="sm" onPress={() => setEditing('draft')}>
                {t('pledges.texts.edit')}
              </Button>
              <Button variant="danger" size="sm" onPress={() => setConfirm('delete')}>
                {t('pledges.texts.deleteDraft')}
              </Button>
            </div>
          </div>
        )
      )}
      <Table
        caption={t('pledges.texts.versionsCaption', { audience: audienceLabel })}
        columns={columns}
        data={rows}
        rowKey={(r) => r.id}
        empty={t('pledges.texts.noVersions')}
      />
      {draft && (
        <>
          <ConfirmDialog
            isOpen={confirm === 'publish'}
            onClose={() => setConfirm(null)}
            onConfirm={() => publish.mutate(draft.id)}
            title={t('pledges.texts.publishTitle', { version: draft.version })}
            confirmLabel={t('pledges.texts.publishConfirm')}
            isPending={publish.isPending}
            danger={false}
          >
            <p>{t('pledges.texts.publishBody', { audience: audienceLabel })}</p>
          </ConfirmDialog>
          <ConfirmDialog
            isOpen={confirm === 'delete'}
            onClose={() => setConfirm(null)}
            onConfirm={() => remove.mutate(draft.id)}
            title={t('pledges.texts.deleteTitle', { version: draft.version })}
            confirmLabel={t('pledges.texts.deleteConfirm')}
            isPending={remove.isPending}
          >
            <p>{t('pledges.texts.deleteBody')}</p>
          </ConfirmDialog>
        </>
      )}
    </PageSection>
  );
}

export default function TextsPage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: pledgeKeys.texts, queryFn: () => get<PledgeTexts>('/pledges/texts') });
  return (
    <div className="flex flex-col gap-8">
      <p className="text-std-16N-170">{t('pledges.texts.lead')}</p>
      <Loaded query={query}>
        {(data) => (
          <>
            {AUDIENCES.map((a) => (
              <AudienceTexts key={a} audience={a} rows={data.items.filter((r) => r.audience === a)} />
            ))}
          </>
        )}
      </Loaded>
    </div>
  );
}
