import { type FormEvent, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';

/**
 * A dialog holding one form: Enter submits, the submit button sits with キャンセル at the bottom, and the server's
 * refusal (anything that is not a field error) is shown at the top in its own words.
 */
export function FormDialog({
  isOpen,
  onClose,
  title,
  submitLabel,
  onSubmit,
  isPending,
  banner,
  danger,
  wide,
  children,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: ReactNode;
  submitLabel: string;
  onSubmit: () => void;
  isPending?: boolean;
  banner?: ReactNode;
  danger?: boolean;
  wide?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={title}
      role={danger ? 'alertdialog' : 'dialog'}
      wide={wide}
      actions={
        <>
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form={formId} variant={danger ? 'danger' : 'primary'} isPending={isPending}>
            {submitLabel}
          </Button>
        </>
      }
    >
      {banner && <NotificationBanner kind="error">{banner}</NotificationBanner>}
      <form id={formId} noValidate onSubmit={submit} className="flex flex-col gap-5">
        {children}
      </form>
    </Dialog>
  );
}
