/**
 * A required file field whose button and "no file" text are ours, in the page's language (the browser's own file
 * control would label its button in the browser's language). The page keeps the chosen file, the input (to clear
 * it) and the button's id (to move focus to it when the file is missing).
 */
import type { ChangeEvent, RefObject } from 'react';
import { useId } from 'react';
import { cx } from '../lib/cx.ts';
import { Button } from './Button.tsx';
import { ErrorText, helpClass, labelClass, RequirementMarker } from './Field.tsx';

export const SPREADSHEET_ACCEPT =
  '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface FilePickerProps {
  chooseId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  file: File | null;
  missing: boolean;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
  accept: string;
  texts: { label: string; help: string; choose: string; none: string; missing: string };
}

export function FilePicker({ chooseId, inputRef, file, missing, onChange, accept, texts }: FilePickerProps) {
  const inputId = useId();
  const labelId = useId();
  const helpId = useId();
  const errorId = useId();
  return (
    <div className="flex flex-col gap-2">
      <span id={labelId} className={labelClass}>
        {texts.label}
        <RequirementMarker required />
      </span>
      <span id={helpId} className={helpClass}>
        {texts.help}
      </span>
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        tabIndex={-1}
        aria-labelledby={labelId}
        accept={accept}
        onChange={onChange}
        className="sr-only"
      />
      <div
        className={cx(
          'flex w-full max-w-[36rem] flex-wrap items-center gap-4 rounded-8 border bg-white px-4 py-3',
          missing ? 'border-2 border-red-900' : 'border-solid-gray-600',
        )}
      >
        <Button
          id={chooseId}
          variant="secondary"
          size="sm"
          aria-describedby={cx(helpId, missing && errorId) || undefined}
          onPress={() => inputRef.current?.click()}
        >
          {texts.choose}
        </Button>
        <span aria-live="polite" className={file ? 'text-solid-gray-900' : 'text-solid-gray-700'}>
          {file ? file.name : texts.none}
        </span>
      </div>
      {missing && <ErrorText id={errorId}>{texts.missing}</ErrorText>}
    </div>
  );
}
