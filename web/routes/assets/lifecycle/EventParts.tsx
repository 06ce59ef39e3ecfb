/** Pieces of the lifecycle panel: the certificate file control, the 返却 dialog, attaching a certificate later. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type RefObject, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, upload } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import { helpClass, labelClass, RequirementMarker } from '../../../components/Field.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { useErrorText } from '../../../components/PageParts.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { toIsoDate, WarekiDateField } from '../DateInput.tsx';
import { type AssetEvent, isTime, japanInstant, japanNow } from './types.ts';

/** 廃棄証明書 (optional): PDF, Word/Excel without macros, or an image. The browser's own file button is hidden so its label is in our words. */
export function CertificateInput({
  inputRef,
  file,
  onChange,
  id = 'field-certificate',
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  file: File | null;
  onChange: (f: File | null) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const helpId = useId();
  return (
    <div className="flex flex-col gap-2">
      <span id={labelId} className={labelClass}>
        {t('assets.lifecycle.certificate')}
        <RequirementMarker />
      </span>
      <span id={helpId} className={helpClass}>
        {t('assets.lifecycle.certificateHelp')}
      </span>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="file"
        tabIndex={-1}
        aria-labelledby={labelId}
        accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx"
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        className="sr-only"
      />
      <div className="flex w-full max-w-[36rem] flex-wrap items-center gap-4 rounded-8 border border-solid-gray-600 bg-white px-4 py-3">
        <Button
          id={id}
          variant="secondary"
          size="sm"
          aria-describedby={helpId}
          onPress={() => inputRef.current?.click()}
        >
          {t('assets.lifecycle.chooseFile')}
        </Button>
        <span aria-live="polite" className={file ? 'text-solid-gray-900' : 'text-solid-gray-700'}>
          {file ? file.name : t('assets.lifecycle.noFile')}
        </span>
        {file && (
          <Button
            variant="tertiary"
            size="sm"
            onPress={() => {
              onChange(null);
              if (inputRef.current) inputRef.current.value = '';
            }}
          >
            {t('assets.lifecycle.clearFile')}
          </Button>
        )}
      </div>
    </div>
  );
}

/** 返却の記録: when the carried-out asset came back (now by default). */
export function ReturnDialog({
  assetId,
  event,
  onClose,
  onDone,
}: {
  assetId: string;
  event: AssetEvent | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [when, setWhen] = useState(japanNow);
  const [invalid, setInvalid] = useState(false);
  const ret = useMutation({
    mutationFn: () =>
      post(`/assets/${assetId}/events/${event?.id}/return`, {
        returnedAt: japanInstant(toIsoDate(when.date), when.time),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      onDone(t('assets.lifecycle.returned'));
      close();
    },
  });
  const close = () => {
    ret.reset();
    setInvalid(false);
    setWhen(japanNow());
    onClose();
  };
  const submit = () => {
    const ok = toIsoDate(when.date) !== '' && isTime(when.time);
    setInvalid(!ok);
    if (ok) ret.mutate();
  };
  return (
    <Dialog
      isOpen={!!event}
      onClose={close}
      title={t('assets.lifecycle.returnTitle')}
      actions={
        <>
          <Button variant="secondary" onPress={close}>
            {t('common.cancel')}
          </Button>
          <Button onPress={submit} isPending={ret.isPending}>
            {t('assets.lifecycle.recordReturn')}
          </Button>
        </>
      }
    >
      {event?.destination && <p>{t('assets.lifecycle.carriedTo', { destination: event.destination })}</p>}
      {ret.isError && (
        <NotificationBanner kind="error" title={t('assets.lifecycle.failed')}>
          {errorText(ret.error)}
        </NotificationBanner>
      )}
      <WarekiDateField
        id="field-returnedOn"
        label={t('assets.lifecycle.returnedOn')}
        required
        value={when.date}
        onChange={(date) => setWhen((w) => ({ ...w, date }))}
        error={invalid && !toIsoDate(when.date) ? t('assets.lifecycle.dateMissing') : undefined}
      />
      <TextField
        id="field-returnedTime"
        label={t('assets.lifecycle.time')}
        required
        width="xs"
        inputMode="numeric"
        maxLength={5}
        help={t('assets.lifecycle.timeHelp')}
        value={when.time}
        onChange={(time) => setWhen((w) => ({ ...w, time }))}
        error={invalid && !isTime(when.time) ? t('assets.lifecycle.timeMissing') : undefined}
      />
    </Dialog>
  );
}

/** 証明書の添付 for a disposal recorded without one. */
export function AttachCertificate({
  assetId,
  event,
  onDone,
}: {
  assetId: string;
  event: AssetEvent;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [open, setOpen] = useState(false);
  const attach = useMutation({
    mutationFn: (f: File) => upload(`/assets/${assetId}/events/${event.id}/certificate`, f),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      onDone(t('assets.lifecycle.certificateAttached'));
      setOpen(false);
      setFile(null);
    },
  });
  return (
    <>
      <Button variant="tertiary" size="sm" onPress={() => setOpen(true)}>
        {t('assets.lifecycle.attachCertificate')}
      </Button>
      <Dialog
        isOpen={open}
        onClose={() => setOpen(false)}
        title={t('assets.lifecycle.attachCertificate')}
        actions={
          <>
            <Button variant="secondary" onPress={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button isDisabled={!file} onPress={() => file && attach.mutate(file)} isPending={attach.isPending}>
              {t('assets.lifecycle.upload')}
            </Button>
          </>
        }
      >
        {attach.isError && (
          <NotificationBanner kind="error" title={t('assets.lifecycle.failed')}>
            {errorText(attach.error)}
          </NotificationBanner>
        )}
        <CertificateInput inputRef={inputRef} file={file} onChange={setFile} id={`field-certificate-${event.id}`} />
      </Dialog>
    </>
  );
}
