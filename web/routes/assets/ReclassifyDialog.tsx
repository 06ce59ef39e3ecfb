/**
 * 一括の分類変更: new levels for the selected assets (an axis left at 「変更しない」 keeps each asset's level), optionally
 * under another scheme (e.g. moving to the 令和6年10月 scheme), with a required reason recorded on every asset.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { useErrorText } from '../../components/PageParts.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { errorsByField, fieldId, summaryItems } from '../../lib/forms.ts';
import { useBilingual } from '../../lib/i18n-hooks.ts';
import { AXIS_KEYS, type AxisKey, levelOptionsAcrossSchemes, levelsOf, useSchemes } from './hooks.ts';
import { assetKeys } from './types.ts';

interface Result {
  requested: number;
  changed: number;
  unchanged: number;
}

export function ReclassifyDialog({
  assetIds,
  onClose,
  onDone,
}: {
  assetIds: string[];
  onClose: () => void;
  onDone: (r: Result) => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const errorText = useErrorText();
  const client = useQueryClient();
  const schemes = useSchemes();
  const [schemeId, setSchemeId] = useState('');
  const [levels, setLevels] = useState<Record<AxisKey, string>>({
    confidentiality: '',
    integrity: '',
    availability: '',
  });
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const scheme = schemes.data?.items.find((s) => s.id === schemeId);
  const save = useMutation({
    mutationFn: () =>
      post<Result>('/assets/reclassify', {
        assetIds,
        ...(schemeId ? { schemeId } : {}),
        ...Object.fromEntries(AXIS_KEYS.filter((a) => levels[a]).map((a) => [a, levels[a]])),
        reason,
      }),
    onSuccess: async (r) => {
      await client.invalidateQueries({ queryKey: assetKeys.all });
      onDone(r);
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const fields = err?.fields ?? [];
  const byField = errorsByField(fields);
  const labels: Record<string, string> = {
    schemeId: t('assets.fields.scheme'),
    confidentiality: t('assets.fields.confidentiality'),
    integrity: t('assets.fields.integrity'),
    availability: t('assets.fields.availability'),
    reason: t('assets.reclassify.reason'),
    assetIds: t('assets.reclassify.assets'),
  };
  const options = (axis: AxisKey) => [
    { value: '', label: t('assets.reclassify.keep') },
    ...(scheme
      ? levelsOf(scheme, axis).map((l) => ({ value: l.code, label: l.displayName }))
      : levelOptionsAcrossSchemes(schemes.data, axis)),
  ];
  return (
    <Dialog
      isOpen
      wide
      onClose={onClose}
      title={t('assets.reclassify.title', { count: assetIds.length })}
      actions={
        <>
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="primary" onPress={() => save.mutate()} isPending={save.isPending}>
            {t('assets.reclassify.submit')}
          </Button>
        </>
      }
    >
      <p>{t('assets.reclassify.lead')}</p>
      <ErrorSummary items={summaryItems(fields, labels, msg)} focusKey={attempt} />
      {err && fields.length === 0 && <p className="text-std-16B-170 text-red-900">{errorText(err)}</p>}
      <Select
        id={fieldId('schemeId')}
        label={labels.schemeId}
        help={t('assets.reclassify.schemeHelp')}
        width="l"
        value={schemeId}
        onChange={(v) => {
          setSchemeId(v);
          setLevels({ confidentiality: '', integrity: '', availability: '' });
        }}
        options={[
          { value: '', label: t('assets.reclassify.ownScheme') },
          ...(schemes.data?.items ?? []).map((s) => ({
            value: s.id,
            label: s.inForce ? `${s.name}（${t('assets.detail.inForce')}）` : s.name,
          })),
        ]}
      />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        {AXIS_KEYS.map((axis) => (
          <Select
            key={axis}
            id={fieldId(axis)}
            label={labels[axis]}
            width="full"
            value={levels[axis]}
            onChange={(v) => setLevels((l) => ({ ...l, [axis]: v }))}
            options={options(axis)}
            error={msg(byField.get(axis)) || undefined}
          />
        ))}
      </div>
      <TextArea
        id={fieldId('reason')}
        label={labels.reason}
        required
        help={t('assets.reclassify.reasonHelp')}
        rows={3}
        value={reason}
        onChange={setReason}
        maxLength={500}
        error={msg(byField.get('reason')) || undefined}
      />
    </Dialog>
  );
}
