import type { ReactNode } from 'react';
import { Heading, Modal, ModalOverlay, Dialog as RACDialog } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

export interface DialogProps {
  isOpen: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  /** Buttons at the bottom; defaults to a single キャンセル. */
  actions?: ReactNode;
  /** alertdialog for confirmations of something destructive. */
  role?: 'dialog' | 'alertdialog';
  /** A wider box for dialogs holding a longer form. */
  wide?: boolean;
}

/** A modal dialog: focus moves in and is kept inside, Esc closes, focus returns to what opened it. */
export function Dialog({ isOpen, onClose, title, children, actions, role = 'dialog', wide }: DialogProps) {
  const { t } = useTranslation();
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
      className="fixed inset-0 z-50 flex items-center justify-center bg-opacity-gray-500 p-4"
    >
      <Modal
        className={`max-h-[calc(100vh-2rem)] w-full ${wide ? 'max-w-[48rem]' : 'max-w-[36rem]'} overflow-y-auto rounded-12 bg-white shadow-5`}
      >
        <RACDialog role={role} className="flex flex-col gap-4 p-8 outline-none">
          <Heading slot="title" className="text-std-22B-150 text-solid-gray-900">
            {title}
          </Heading>
          <div className="flex flex-col gap-4 text-std-16N-170">{children}</div>
          <div className="mt-2 flex flex-wrap justify-end gap-3">
            {actions ?? (
              <Button variant="secondary" onPress={onClose}>
                {t('common.cancel')}
              </Button>
            )}
          </div>
        </RACDialog>
      </Modal>
    </ModalOverlay>
  );
}

export interface ConfirmDialogProps {
  isOpen: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: ReactNode;
  /** Says what will be lost (ui-guide.md, Forms). */
  children: ReactNode;
  confirmLabel: string;
  isPending?: boolean;
  danger?: boolean;
}

/** Confirmation before anything destructive. */
export function ConfirmDialog({
  isOpen,
  onClose,
  onConfirm,
  title,
  children,
  confirmLabel,
  isPending,
  danger = true,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={title}
      role="alertdialog"
      actions={
        <>
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onPress={onConfirm} isPending={isPending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
