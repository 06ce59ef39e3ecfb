/**
 * Choose a person by typing part of a name, ふりがな or 職員番号: the server searches (GET /people?q=) and the
 * matches are offered in a list box (arrow keys, Enter). Only people in post are offered.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  ComboBox,
  FieldError,
  Input,
  type Key,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Button as RACButton,
  Text,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { get, queryString } from '../../api.ts';
import { ErrorText, helpClass, inputClass, labelClass, RequirementMarker } from '../../components/Field.tsx';
import { cx } from '../../lib/cx.ts';
import type { PeoplePage, PersonSummary } from './types.ts';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

const personLabel = (p: PersonSummary) => `${p.name}（${p.staffNumber}）`;

export function PersonPicker({
  id,
  label,
  help,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  help?: string;
  error?: string;
  value: PersonSummary | null;
  onChange: (p: PersonSummary | null) => void;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState(value ? personLabel(value) : '');
  const term = useDebounced(input.trim(), 250);
  const searching = term.length > 0 && (!value || term !== personLabel(value));
  const query = useQuery({
    queryKey: ['people', 'pick', term],
    queryFn: () => get<PeoplePage>(`/people${queryString({ q: term, status: 'ACTIVE', limit: 10 })}`),
    enabled: searching,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const items = searching ? (query.data?.items ?? []) : value ? [value] : [];

  return (
    <ComboBox<PersonSummary>
      id={id}
      items={items}
      inputValue={input}
      onInputChange={(v) => {
        setInput(v);
        if (value && v !== personLabel(value)) onChange(null);
      }}
      value={value?.id ?? null}
      onChange={(key: Key | null) => {
        const p = items.find((x) => x.id === key) ?? null;
        onChange(p);
        if (p) setInput(personLabel(p));
      }}
      menuTrigger="input"
      allowsEmptyCollection
      isRequired
      isInvalid={!!error}
      validationBehavior="aria"
      className="flex flex-col gap-2"
    >
      <Label className={labelClass}>
        {label}
        <RequirementMarker required />
      </Label>
      {help && (
        <Text slot="description" className={helpClass}>
          {help}
        </Text>
      )}
      <div className="relative w-full max-w-[36rem]">
        <Input className={inputClass(!!error, 'w-full pr-14')} autoComplete="off" />
        <RACButton
          aria-label={t('pledges.record.showMatches')}
          className="absolute top-1/2 right-2 flex size-11 -translate-y-1/2 cursor-pointer items-center justify-center rounded-6 text-solid-gray-800 hover:bg-solid-gray-50"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 fill-current">
            <path d="M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6z" />
          </svg>
        </RACButton>
      </div>
      <FieldError>{error && <ErrorText>{error}</ErrorText>}</FieldError>
      <Popover
        offset={4}
        className="w-(--trigger-width) min-w-[24rem] overflow-auto rounded-8 border border-solid-gray-420 bg-white shadow-3"
      >
        <ListBox<PersonSummary>
          className="max-h-80 outline-none"
          renderEmptyState={() => (
            <p className="px-4 py-3 text-std-16N-170 text-solid-gray-700">
              {query.isFetching ? t('common.loading') : t('pledges.record.noMatch')}
            </p>
          )}
        >
          {(p) => (
            <ListBoxItem
              id={p.id}
              textValue={personLabel(p)}
              className={({ isFocused, isSelected }) =>
                cx(
                  'flex cursor-pointer flex-col px-4 py-2 text-std-16N-170 outline-none',
                  isFocused && 'bg-blue-50',
                  isSelected && 'font-bold',
                )
              }
            >
              <span>
                <span className="font-bold">{p.name}</span>（{p.familyKana} {p.givenKana}）　{p.staffNumber}
              </span>
              <span className="text-dns-14N-130 text-solid-gray-700">
                {[p.unitPath, p.title].filter(Boolean).join('　') || '—'}
              </span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
