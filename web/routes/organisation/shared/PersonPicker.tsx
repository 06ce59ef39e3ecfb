/**
 * Choosing a person by typing part of the name, ふりがな or 職員番号: a combobox (type, arrow keys, Enter) whose
 * options come from the server ten at a time — the directory is never loaded whole.
 */
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { get, queryString } from '../../../api.ts';
import { ErrorText, helpClass, inputClass, labelClass, RequirementMarker } from '../../../components/Field.tsx';
import { cx } from '../../../lib/cx.ts';
import type { PeoplePage } from './types.ts';

export interface PickedPerson {
  id: string;
  name: string;
  staffNumber: string;
  unitPath: string;
}

const labelOf = (p: PickedPerson) => `${p.name}（${p.staffNumber}）`;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export function PersonPicker({
  id,
  label,
  help,
  required,
  error,
  value,
  onChange,
  activeOnly = true,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  required?: boolean;
  error?: string;
  value: PickedPerson | null;
  onChange: (p: PickedPerson | null) => void;
  activeOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState(value ? labelOf(value) : '');
  useEffect(() => {
    if (value) setInput(labelOf(value));
  }, [value]);
  const term = value && input === labelOf(value) ? '' : input.trim();
  const debounced = useDebounced(term, 250);
  const params = { q: debounced, status: activeOnly ? 'ACTIVE' : undefined, limit: '10' };
  const results = useQuery({
    queryKey: ['org', 'people-picker', params],
    queryFn: () => get<PeoplePage>(`/people${queryString(params)}`),
    enabled: debounced.length > 0,
  });
  const items: PickedPerson[] = term ? (results.data?.items ?? []) : value ? [value] : [];

  return (
    <ComboBox
      id={id}
      items={items}
      inputValue={input}
      onInputChange={(v) => {
        setInput(v);
        if (value && v !== labelOf(value)) onChange(null);
      }}
      selectedKey={value?.id ?? null}
      onSelectionChange={(key) => {
        const picked = items.find((p) => p.id === key) ?? null;
        if (picked) {
          onChange(picked);
          setInput(labelOf(picked));
        }
      }}
      menuTrigger="input"
      allowsEmptyCollection
      isRequired={required}
      isInvalid={!!error}
      validationBehavior="aria"
      className="flex flex-col gap-2"
    >
      <Label className={labelClass}>
        {label}
        <RequirementMarker required={required} />
      </Label>
      <Text slot="description" className={helpClass}>
        {help ?? t('org.picker.help')}
      </Text>
      <Input className={inputClass(!!error, 'w-full max-w-[36rem]')} placeholder={t('org.picker.placeholder')} />
      <FieldError>{error && <ErrorText>{error}</ErrorText>}</FieldError>
      <Popover
        placement="bottom start"
        className="max-h-80 w-[var(--trigger-width)] overflow-auto rounded-8 border border-solid-gray-420 bg-white py-1 shadow-2"
      >
        <ListBox
          className="outline-none"
          renderEmptyState={() => (
            <p className="px-4 py-3 text-std-16N-170 text-solid-gray-700">
              {results.isFetching || term !== debounced ? t('common.loading') : t('org.picker.none')}
            </p>
          )}
        >
          {(p: PickedPerson) => (
            <ListBoxItem
              id={p.id}
              textValue={labelOf(p)}
              className={cx(
                'flex min-h-11 cursor-pointer flex-col px-4 py-2 text-std-16N-170 text-solid-gray-900 outline-none',
                'data-[focused]:bg-blue-50 data-[focused]:text-blue-1000 data-[selected]:font-bold',
              )}
            >
              <span>{labelOf(p)}</span>
              <span className="text-dns-14N-130 text-solid-gray-700">{p.unitPath || t('org.people.noUnit')}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
