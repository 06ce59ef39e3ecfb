import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
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

/**
 * A modal dialog: focus moves in and is kept inside, Esc closes, focus returns to what opened it. The box never
 * grows past the viewport: the title and the buttons stay in view and only the body scrolls (a long form on a
 * 1366×768 screen must not push 決定 out of reach).
 */
export function Dialog({ isOpen, onClose, title, children, actions, role = 'dialog', wide }: DialogProps) {
  const { t } = useTranslation();
  const body = useRef<HTMLDivElement>(null);
  const scrolls = useScrolls(body, isOpen);
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
      className="fixed inset-0 z-50 flex items-center justify-center bg-opacity-gray-500 p-4"
    >
      <Modal
        className={`flex max-h-[calc(100dvh-2rem)] w-full ${wide ? 'max-w-[48rem]' : 'max-w-[36rem]'} flex-col overflow-hidden rounded-12 bg-white shadow-5`}
      >
        <RACDialog role={role} className="flex min-h-0 flex-1 flex-col outline-none">
          <Heading slot="title" className="shrink-0 px-8 pt-8 pb-4 text-std-22B-150 text-solid-gray-900">
            {title}
          </Heading>
          <div
            ref={body}
            data-dialog-body
            // A body that scrolls must be reachable by keyboard; one that does not needs no extra tab stop.
            tabIndex={scrolls ? 0 : undefined}
            className={`flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-8 pb-4 text-std-16N-170 focus-visible:outline-4 focus-visible:outline-black focus-visible:-outline-offset-4 ${scrolls ? 'border-y border-solid-gray-200 pt-4' : ''}`}
          >
            {children}
          </div>
          <div data-dialog-actions className="flex shrink-0 flex-wrap justify-end gap-3 px-8 pt-2 pb-8">
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

/** Whether the element's content is taller than the element, kept current as the content or the window changes. */
function useScrolls(ref: RefObject<HTMLElement | null>, active: boolean): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!active || !el || typeof ResizeObserver === 'undefined') return;
    const check = () => setScrolls(el.scrollHeight > el.clientHeight + 1);
    const observer = new ResizeObserver(check);
    const watchChildren = () => {
      for (const child of el.children) observer.observe(child);
    };
    observer.observe(el);
    watchChildren();
    // An error banner appearing in a body already at full height changes no size the observer sees.
    const mutations = new MutationObserver(() => {
      watchChildren();
      check();
    });
    mutations.observe(el, { childList: true, subtree: true });
    check();
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [ref, active]);
  return scrolls;
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
