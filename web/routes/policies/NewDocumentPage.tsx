/**
 * 文書の作成: a 基本方針, 対策基準 (published on the portal if the town chooses) or 実施手順 (kept per information
 * system or 部局・課室, readable only by the roles it names; never public). The first draft's text is optional.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ROLES } from '../../../src/domain/roles.ts';
import { READER_ROLES } from '../../../src/modules/policies/contract.ts';
import { get, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { RadioGroup } from '../../components/RadioGroup.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldId } from '../../lib/forms.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import type { UnitList } from '../organisation/shared/types.ts';
import { useFieldErrors } from './form-errors.ts';
import { usePolicyHeading } from './heading.tsx';
import { KIND_ORDER, usePolicyWords } from './labels.ts';
import { type DocumentSummary, policyKeys } from './types.ts';

/** The roles offered for a 実施手順's readers, in the order of the organisation. */
const READERS = READER_ROLES.filter((r) => r !== 'CISO_ADVISOR');

export default function NewDocumentPage() {
  const { t } = useTranslation();
  const w = usePolicyWords();
  const lang = useLanguage();
  usePolicyHeading(t('policies.create.title'));
  const navigate = useNavigate();
  const client = useQueryClient();
  const [kind, setKind] = useState<string>('STANDARD');
  const [title, setTitle] = useState('');
  const [scopeKind, setScopeKind] = useState<'ORG_UNIT' | 'SYSTEM'>('ORG_UNIT');
  const [scopeId, setScopeId] = useState('');
  const [roles, setRoles] = useState<string[]>(['POLICY_OFFICE', 'TOTAL_SEC_RESPONSIBLE', 'CISO', 'SEC_RESPONSIBLE']);
  const [onPortal, setOnPortal] = useState(false);
  const [establishedOn, setEstablishedOn] = useState('');
  const [body, setBody] = useState('');
  const [changeSummary, setChangeSummary] = useState('');
  const procedure = kind === 'PROCEDURE';

  const units = useQuery({
    queryKey: ['policies', 'units'],
    queryFn: () => get<UnitList>('/units'),
    enabled: procedure && scopeKind === 'ORG_UNIT',
  });
  const systems = useQuery({
    queryKey: ['policies', 'systems'],
    queryFn: () => get<{ items: Array<{ id: string; name: string }> }>('/network/systems'),
    enabled: procedure && scopeKind === 'SYSTEM',
  });
  const scopeOptions =
    scopeKind === 'ORG_UNIT'
      ? (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.path }))
      : (systems.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));

  const save = useMutation({
    mutationFn: () =>
      post<DocumentSummary>('/policies', {
        kind,
        title,
        ...(procedure ? { scopeKind, scopeId: scopeId || null, visibleRoles: roles } : {}),
        ...(kind === 'STANDARD' ? { onPortal } : {}),
        establishedOn: establishedOn || null,
        ...(body.trim() ? { body } : {}),
        changeSummary: changeSummary || null,
      }),
    onSuccess: async (doc) => {
      await client.invalidateQueries({ queryKey: policyKeys.all });
      navigate(`/policies/documents/${doc.id}`);
    },
  });
  const labels: Record<string, string> = {
    kind: t('policies.fields.kind'),
    title: t('policies.fields.title'),
    scopeId: t('policies.fields.scope'),
    visibleRoles: t('policies.fields.visibleRoles'),
    onPortal: t('policies.fields.onPortal'),
    establishedOn: t('policies.fields.establishedOn'),
    body: t('policies.fields.body'),
    changeSummary: t('policies.fields.changeSummary'),
  };
  const errors = useFieldErrors(save.error, labels);

  return (
    <form
      noValidate
      className="flex max-w-[48rem] flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <ErrorSummary items={errors.items} focusKey={save.failureCount + (save.submittedAt ?? 0)} />
      {errors.general && (
        <NotificationBanner kind="error" title={t('policies.create.failed')}>
          {errors.general}
        </NotificationBanner>
      )}
      <RadioGroup
        id={fieldId('kind')}
        label={labels.kind}
        required
        value={kind}
        onChange={setKind}
        options={KIND_ORDER.map((k) => ({
          value: k,
          label: w.kind(k),
          description: t(`policies.create.kindHelp.${k}`),
        }))}
        error={errors.of('kind')}
      />
      <TextField
        id={fieldId('title')}
        label={labels.title}
        required
        value={title}
        onChange={setTitle}
        error={errors.of('title')}
        width="full"
      />
      {procedure && (
        <fieldset className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 px-5 py-4">
          <legend className="px-1 text-std-17B-170">{t('policies.create.procedureScope')}</legend>
          <RadioGroup
            id="policy-scope-kind"
            label={t('policies.fields.scopeKind')}
            required
            value={scopeKind}
            onChange={(v) => {
              setScopeKind(v as 'ORG_UNIT' | 'SYSTEM');
              setScopeId('');
            }}
            options={[
              { value: 'ORG_UNIT', label: t('policies.create.scopeUnit') },
              { value: 'SYSTEM', label: t('policies.create.scopeSystem') },
            ]}
          />
          <Select
            id={fieldId('scopeId')}
            label={labels.scopeId}
            required
            value={scopeId}
            onChange={setScopeId}
            width="l"
            options={[{ value: '', label: t('policies.create.choose') }, ...scopeOptions]}
            error={errors.of('scopeId')}
          />
          <fieldset
            id={fieldId('visibleRoles')}
            tabIndex={-1}
            aria-describedby="policy-readers-help"
            className="flex flex-col gap-1"
          >
            <legend className="text-std-17B-170">{labels.visibleRoles}</legend>
            <p id="policy-readers-help" className="text-std-16N-170 text-solid-gray-800">
              {t('policies.create.readersHelp')}
            </p>
            {errors.of('visibleRoles') && <p className="text-std-16B-170 text-red-900">{errors.of('visibleRoles')}</p>}
            <div className="grid gap-x-6 sm:grid-cols-2">
              {READERS.map((r) => (
                <Checkbox
                  key={r}
                  id={`policy-reader-${r}`}
                  isSelected={roles.includes(r)}
                  onChange={(on) => setRoles((rs) => (on ? [...rs, r] : rs.filter((x) => x !== r)))}
                >
                  {lang === 'en' ? ROLES[r].en : ROLES[r].ja}
                </Checkbox>
              ))}
            </div>
          </fieldset>
        </fieldset>
      )}
      {kind === 'STANDARD' && (
        <Checkbox id={fieldId('onPortal')} isSelected={onPortal} onChange={setOnPortal} error={errors.of('onPortal')}>
          {t('policies.create.onPortal')}
        </Checkbox>
      )}
      <DateField
        id={fieldId('establishedOn')}
        label={labels.establishedOn}
        value={establishedOn}
        onChange={setEstablishedOn}
        error={errors.of('establishedOn')}
      />
      <TextArea
        id={fieldId('body')}
        label={labels.body}
        help={t('policies.create.bodyHelp')}
        value={body}
        onChange={setBody}
        rows={10}
        width="full"
        error={errors.of('body')}
      />
      <TextField
        id={fieldId('changeSummary')}
        label={labels.changeSummary}
        value={changeSummary}
        onChange={setChangeSummary}
        width="full"
        error={errors.of('changeSummary')}
      />
      <div className="flex gap-4">
        <Button type="submit" isPending={save.isPending}>
          {t('policies.create.submit')}
        </Button>
        <Button variant="secondary" onPress={() => navigate('/policies')}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
