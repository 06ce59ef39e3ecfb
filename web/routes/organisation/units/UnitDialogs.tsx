/** Dialogs that change the unit tree: add, rename, move, close (廃止). Each says what it will do. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../api.ts';
import { ApiError, patch, post } from '../../../api.ts';
import { DateField } from '../../../components/DateField.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { isIsoDate, todayInJapan } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useBilingual } from '../../../lib/i18n-hooks.ts';
import { FormDialog } from '../shared/FormDialog.tsx';
import { inForce, treeOrder } from '../shared/hooks.ts';
import { useOrgLabels } from '../shared/labels.ts';
import { type Body, refreshOrganisation, type Unit } from '../shared/types.ts';
import { FullDate, useFormErrors, useRequired } from '../shared/ui.tsx';

const RANK = { DEPT: 0, SECTION: 1, TEAM: 2 } as const;
type Level = keyof typeof RANK;
const LEVELS: Level[] = ['DEPT', 'SECTION', 'TEAM'];

/** Units that may be the parent of a unit at `level` in `bodyId`: in force today, higher level, not itself or below. */
function parentCandidates(units: Unit[], bodyId: string, level: Level, self?: Unit): Unit[] {
  const today = todayInJapan();
  const below = new Set<string>();
  if (self) {
    below.add(self.id);
    let grew = true;
    while (grew) {
      grew = false;
      for (const u of units) {
        if (u.parentId && below.has(u.parentId) && !below.has(u.id)) {
          below.add(u.id);
          grew = true;
        }
      }
    }
  }
  return treeOrder(units).filter(
    (u) => u.bodyId === bodyId && RANK[u.level as Level] < RANK[level] && inForce(u, today) && !below.has(u.id),
  );
}

function useDateError() {
  const { t } = useTranslation();
  return (field: string): FieldError => ({
    field,
    message: { ja: t('dateField.invalid', { lng: 'ja' }), en: t('dateField.invalid', { lng: 'en' }) },
  });
}

function useOrderError() {
  const { t } = useTranslation();
  return (field: string): FieldError => ({
    field,
    message: { ja: t('org.units.sortOrderHelp', { lng: 'ja' }), en: t('org.units.sortOrderHelp', { lng: 'en' }) },
  });
}

function SortOrderField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <TextField
      id={fieldId('sortOrder')}
      label={t('org.units.sortOrder')}
      help={t('org.units.sortOrderHelp')}
      value={value}
      onChange={onChange}
      error={error}
      width="xs"
      inputMode="numeric"
    />
  );
}

export function AddUnitDialog({
  isOpen,
  onClose,
  onDone,
  bodies,
  units,
  initial,
}: {
  isOpen: boolean;
  onClose: () => void;
  onDone: (unit: Unit) => void;
  bodies: Body[];
  units: Unit[];
  initial?: { bodyId?: string; parentId?: string; level?: Level };
}) {
  const { t } = useTranslation();
  const labels = useOrgLabels();
  const required = useRequired();
  const dateError = useDateError();
  const orderError = useOrderError();
  const errors = useFormErrors();
  const openBodies = bodies.filter((b) => !b.closedOn);
  const [bodyId, setBodyId] = useState(initial?.bodyId ?? openBodies[0]?.id ?? '');
  const [level, setLevel] = useState<Level>(initial?.level ?? 'DEPT');
  const [parentId, setParentId] = useState(initial?.parentId ?? '');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [sortOrder, setSortOrder] = useState('');
  const [validFrom, setValidFrom] = useState(todayInJapan());
  const parents = parentCandidates(units, bodyId, level);
  const parentValid = parents.some((p) => p.id === parentId) ? parentId : '';

  const save = useMutation({
    mutationFn: () =>
      post<Unit>('/units', {
        bodyId,
        level,
        parentId: parentValid || null,
        name: name.trim(),
        code: code.trim() || null,
        sortOrder: sortOrder.trim() ? Number(sortOrder) : undefined,
        validFrom,
      }),
    onSuccess: async (unit) => {
      await refreshOrganisation();
      onDone(unit);
    },
    onError: errors.fromError,
  });
  function submit() {
    const problems: FieldError[] = [];
    if (!bodyId) problems.push(required('bodyId', t('org.units.body')));
    if (!name.trim()) problems.push(required('name', t('org.units.name')));
    if (!isIsoDate(validFrom)) problems.push(dateError('validFrom'));
    if (sortOrder.trim() && !/^\d{1,4}$/.test(sortOrder.trim())) problems.push(orderError('sortOrder'));
    if (problems.length) return errors.local(problems);
    save.mutate();
  }
  return (
    <FormDialog
      isOpen={isOpen}
      onClose={onClose}
      title={t('org.units.addTitle')}
      submitLabel={t('org.units.addSubmit')}
      onSubmit={submit}
      isPending={save.isPending}
      banner={errors.banner}
    >
      <Select
        id={fieldId('bodyId')}
        label={t('org.units.body')}
        required
        value={bodyId}
        onChange={setBodyId}
        options={openBodies.map((b) => ({ value: b.id, label: b.name }))}
        error={errors.err('bodyId')}
      />
      <Select
        id={fieldId('level')}
        label={t('org.units.level')}
        required
        value={level}
        onChange={(v) => setLevel(v as Level)}
        options={LEVELS.map((l) => ({ value: l, label: labels.level(l) }))}
        error={errors.err('level')}
        width="s"
      />
      {level !== 'DEPT' && (
        <Select
          id={fieldId('parentId')}
          label={t('org.units.parent')}
          help={t('org.units.parentHelp')}
          value={parentValid}
          onChange={setParentId}
          options={[
            { value: '', label: t('org.units.noParent') },
            ...parents.map((p) => ({ value: p.id, label: p.path })),
          ]}
          error={errors.err('parentId')}
          width="l"
        />
      )}
      <TextField
        id={fieldId('name')}
        label={t('org.units.name')}
        required
        help={t('org.units.nameHelp')}
        value={name}
        onChange={setName}
        error={errors.err('name')}
        width="m"
      />
      <TextField
        id={fieldId('code')}
        label={t('org.units.code')}
        help={t('org.units.codeHelp')}
        value={code}
        onChange={setCode}
        error={errors.err('code')}
        width="s"
      />
      <SortOrderField value={sortOrder} onChange={setSortOrder} error={errors.err('sortOrder')} />
      <DateField
        id={fieldId('validFrom')}
        label={t('org.units.validFrom')}
        required
        value={validFrom}
        onChange={setValidFrom}
        error={errors.err('validFrom')}
      />
    </FormDialog>
  );
}

export function RenameUnitDialog({
  unit,
  onClose,
  onDone,
}: {
  unit: Unit;
  onClose: () => void;
  onDone: (u: Unit) => void;
}) {
  const { t } = useTranslation();
  const required = useRequired();
  const errors = useFormErrors();
  const [name, setName] = useState(unit.name);
  const [code, setCode] = useState(unit.code ?? '');
  const [sortOrder, setSortOrder] = useState(String(unit.sortOrder));
  const orderError = useOrderError();
  const save = useMutation({
    mutationFn: () =>
      patch<Unit>(`/units/${unit.id}`, {
        name: name.trim(),
        code: code.trim() || null,
        sortOrder: sortOrder.trim() ? Number(sortOrder) : undefined,
      }),
    onSuccess: async (u) => {
      await refreshOrganisation();
      onDone(u);
    },
    onError: errors.fromError,
  });
  return (
    <FormDialog
      isOpen
      onClose={onClose}
      title={t('org.units.renameTitle', { name: unit.path })}
      submitLabel={t('common.save')}
      onSubmit={() => {
        const problems: FieldError[] = [];
        if (!name.trim()) problems.push(required('name', t('org.units.name')));
        if (sortOrder.trim() && !/^\d{1,4}$/.test(sortOrder.trim())) problems.push(orderError('sortOrder'));
        if (problems.length) return errors.local(problems);
        save.mutate();
      }}
      isPending={save.isPending}
      banner={errors.banner}
    >
      <p>{t('org.units.renameLead')}</p>
      <TextField
        id={fieldId('name')}
        label={t('org.units.name')}
        required
        value={name}
        onChange={setName}
        error={errors.err('name')}
        width="m"
        autoFocus
      />
      <TextField
        id={fieldId('code')}
        label={t('org.units.code')}
        help={t('org.units.codeHelp')}
        value={code}
        onChange={setCode}
        error={errors.err('code')}
        width="s"
      />
      <SortOrderField value={sortOrder} onChange={setSortOrder} error={errors.err('sortOrder')} />
    </FormDialog>
  );
}

export function MoveUnitDialog({
  unit,
  units,
  onClose,
  onDone,
}: {
  unit: Unit;
  units: Unit[];
  onClose: () => void;
  onDone: (u: Unit) => void;
}) {
  const { t } = useTranslation();
  const errors = useFormErrors();
  const parents = parentCandidates(units, unit.bodyId, unit.level as Level, unit);
  const [parentId, setParentId] = useState(unit.parentId ?? '');
  const target = parents.find((p) => p.id === parentId);
  const save = useMutation({
    mutationFn: () => patch<Unit>(`/units/${unit.id}`, { parentId: parentId || null }),
    onSuccess: async (u) => {
      await refreshOrganisation();
      onDone(u);
    },
    onError: errors.fromError,
  });
  return (
    <FormDialog
      isOpen
      onClose={onClose}
      title={t('org.units.moveTitle', { name: unit.path })}
      submitLabel={t('org.units.moveSubmit')}
      onSubmit={() =>
        parentId === (unit.parentId ?? '')
          ? errors.local([
              {
                field: 'parentId',
                message: { ja: t('org.units.sameParent', { lng: 'ja' }), en: t('org.units.sameParent', { lng: 'en' }) },
              },
            ])
          : save.mutate()
      }
      isPending={save.isPending}
      banner={errors.banner}
    >
      <p>{t('org.units.moveLead')}</p>
      <Select
        id={fieldId('parentId')}
        label={t('org.units.newParent')}
        required
        value={parentId}
        onChange={setParentId}
        options={[
          { value: '', label: t('org.units.noParent') },
          ...parents.map((p) => ({ value: p.id, label: p.path })),
        ]}
        error={errors.err('parentId')}
        width="l"
      />
      <p className="rounded-8 bg-solid-gray-50 px-4 py-3">
        {t('org.units.moveResult', {
          path: target ? `${target.path} > ${unit.name}` : unit.name,
        })}
      </p>
    </FormDialog>
  );
}

interface NotEmpty {
  children?: string[];
  people?: string[];
}

export function CloseUnitDialog({
  unit,
  onClose,
  onDone,
}: {
  unit: Unit;
  onClose: () => void;
  onDone: (u: Unit) => void;
}) {
  const { t } = useTranslation();
  const msg = useBilingual();
  const dateError = useDateError();
  const errors = useFormErrors();
  const [date, setDate] = useState(todayInJapan());
  const [refusal, setRefusal] = useState<{ text: string; details: NotEmpty } | null>(null);
  const save = useMutation({
    mutationFn: () => post<Unit>(`/units/${unit.id}/close`, { date }),
    onSuccess: async (u) => {
      await refreshOrganisation();
      onDone(u);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'UNIT_NOT_EMPTY') {
        errors.clear();
        setRefusal({ text: msg(e.bilingual), details: (e.details ?? {}) as NotEmpty });
      } else {
        setRefusal(null);
        errors.fromError(e);
      }
    },
  });
  const list = (title: string, items: string[] | undefined) =>
    items && items.length > 0 ? (
      <div>
        <p className="font-bold">{title}</p>
        <ul className="list-disc pl-6">
          {items.slice(0, 10).map((n) => (
            <li key={n}>{n}</li>
          ))}
          {items.length > 10 && <li>{t('org.units.andMore', { count: items.length - 10 })}</li>}
        </ul>
      </div>
    ) : null;
  return (
    <FormDialog
      isOpen
      danger
      onClose={onClose}
      title={t('org.units.closeTitle', { name: unit.path })}
      submitLabel={t('org.units.closeSubmit')}
      onSubmit={() => {
        setRefusal(null);
        if (!isIsoDate(date)) return errors.local([dateError('date')]);
        save.mutate();
      }}
      isPending={save.isPending}
      banner={
        refusal ? (
          <div className="flex flex-col gap-2" data-testid="unit-close-refusal">
            <p className="font-bold">{refusal.text}</p>
            {list(t('org.units.blockingChildren'), refusal.details.children)}
            {list(t('org.units.blockingPeople'), refusal.details.people)}
          </div>
        ) : (
          errors.banner
        )
      }
    >
      <div className="flex flex-col gap-2">
        <p>{t('org.units.closeLead')}</p>
        <ul className="list-disc pl-6">
          <li>{t('org.units.closeEffectRoles')}</li>
          <li>{t('org.units.closeEffectHistory')}</li>
          <li>{t('org.units.closeEffectEmpty')}</li>
        </ul>
        <p className="text-solid-gray-800">
          {t('org.units.setUpOn')}：<FullDate iso={unit.validFrom} />
        </p>
      </div>
      <DateField
        id={fieldId('date')}
        label={t('org.units.closeDate')}
        required
        value={date}
        onChange={setDate}
        error={errors.err('date')}
      />
    </FormDialog>
  );
}
