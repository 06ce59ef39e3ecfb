/**
 * 起案: the draft's Markdown text in a plain text area, read back as the clause tree the server will keep (the same
 * parser, src/domain/policy/clauses.ts), then 保存 and 確認に提出. Unsaved text is saved before submitting.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flattenClauses, parsePolicy } from '../../../src/domain/policy/clauses.ts';
import { patch, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { PageSection } from '../../components/PageParts.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId } from '../../lib/forms.ts';
import { ClauseTree } from './ClauseTree.tsx';
import { useFieldErrors } from './form-errors.ts';
import { policyKeys, type VersionDetail } from './types.ts';

export function DraftEditor({ version }: { version: VersionDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [body, setBody] = useState(version.body);
  const [changeSummary, setChangeSummary] = useState(version.changeSummary ?? '');
  const [saved, setSaved] = useState({ body: version.body, changeSummary: version.changeSummary ?? '' });
  const [notice, setNotice] = useState('');
  const dirty = body !== saved.body || changeSummary !== saved.changeSummary;
  const deferred = useDeferredValue(body);
  const parsed = useMemo(() => parsePolicy(deferred), [deferred]);
  const clauseCount = useMemo(() => flattenClauses(parsed.clauses).length, [parsed]);

  const refresh = () => client.invalidateQueries({ queryKey: policyKeys.all });
  const saveNow = async () => {
    await patch(`/policy-versions/${version.id}`, { body, changeSummary });
    setSaved({ body, changeSummary });
  };
  const save = useMutation({
    mutationFn: saveNow,
    onSuccess: async () => {
      setNotice(t('policies.editor.saved'));
      await refresh();
    },
  });
  const submit = useMutation({
    mutationFn: async () => {
      if (dirty) await saveNow();
      await post(`/policy-versions/${version.id}/submit`);
    },
    onSuccess: refresh,
  });
  const labels = { body: t('policies.fields.body'), changeSummary: t('policies.fields.changeSummary') };
  const failed = save.error ?? submit.error;
  const errors = useFieldErrors(failed, labels);

  return (
    <PageSection id="policy-editor" title={t('policies.editor.title')} lead={t('policies.editor.lead')}>
      <form
        noValidate
        className="flex flex-col gap-5"
        onSubmit={(e) => {
          e.preventDefault();
          setNotice('');
          save.mutate();
        }}
      >
        <ErrorSummary items={errors.items} focusKey={(save.submittedAt ?? 0) + (submit.submittedAt ?? 0)} />
        {errors.general && (
          <NotificationBanner kind="error" title={t('policies.editor.failed')}>
            {errors.general}
          </NotificationBanner>
        )}
        <TextField
          id={fieldId('changeSummary')}
          label={labels.changeSummary}
          help={t('policies.editor.summaryHelp')}
          value={changeSummary}
          onChange={setChangeSummary}
          width="full"
          error={errors.of('changeSummary')}
        />
        <div className="grid gap-6 lg:grid-cols-2">
          <TextArea
            id={fieldId('body')}
            label={labels.body}
            help={t('policies.editor.bodyHelp')}
            required
            value={body}
            onChange={setBody}
            rows={28}
            width="full"
            error={errors.of('body')}
          />
          <section aria-labelledby="policy-preview-title" className="flex min-w-0 flex-col gap-2">
            <h3 id="policy-preview-title" className="text-std-17B-170">
              {t('policies.editor.preview')}
            </h3>
            <p className="text-std-16N-170 text-solid-gray-800">
              {t('policies.editor.previewCount', { count: clauseCount })}
            </p>
            <div className="rounded-8 border border-solid-gray-420 px-4 py-3">
              <ClauseTree
                clauses={parsed.clauses}
                level={4}
                prefix="preview"
                emptyText={t('policies.editor.noClauses')}
              />
            </div>
          </section>
        </div>
        <p aria-live="polite" className="min-h-[1.7em] text-std-16N-170 text-solid-gray-800">
          {dirty ? t('policies.editor.unsaved') : notice}
        </p>
        <div className="flex flex-wrap gap-4">
          <Button type="submit" variant="secondary" isPending={save.isPending}>
            {t('common.save')}
          </Button>
          <Button variant="primary" isPending={submit.isPending} onPress={() => submit.mutate()}>
            {t('policies.editor.submit')}
          </Button>
        </div>
      </form>
    </PageSection>
  );
}
