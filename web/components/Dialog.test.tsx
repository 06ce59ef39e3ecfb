// @vitest-environment happy-dom
/** Dialog: the body scrolls inside the viewport while the title and buttons stay outside it; focus stays inside. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import '../i18n/index.ts';
import { Button } from './Button.tsx';
import { Dialog } from './Dialog.tsx';

afterEach(cleanup);

it('keeps the buttons out of the scrolling body, moves focus in, and closes on Esc', async () => {
  const onClose = vi.fn();
  render(
    <Dialog
      isOpen
      onClose={onClose}
      title="申請の承認・却下"
      actions={
        <>
          <Button variant="secondary" onPress={onClose}>
            キャンセル
          </Button>
          <Button onPress={() => {}}>決定</Button>
        </>
      }
    >
      <p>長い本文</p>
    </Dialog>,
  );
  const dialog = await screen.findByRole('dialog');
  const body = dialog.querySelector('[data-dialog-body]') as HTMLElement;
  const actions = dialog.querySelector('[data-dialog-actions]') as HTMLElement;
  expect(body.className).toContain('overflow-y-auto');
  expect(body.contains(screen.getByText('長い本文'))).toBe(true);
  expect(body.contains(screen.getByRole('button', { name: '決定' }))).toBe(false);
  expect(actions.contains(screen.getByRole('button', { name: '決定' }))).toBe(true);
  expect(body.contains(screen.getByRole('heading', { name: '申請の承認・却下' }))).toBe(false);
  // The box is capped to the viewport and clips, so only the body scrolls.
  const box = dialog.parentElement as HTMLElement;
  expect(box.className).toMatch(/max-h-\[calc\(100dvh-2rem\)\]/);
  expect(box.className).toContain('overflow-hidden');
  expect(dialog.contains(document.activeElement)).toBe(true);
  fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
  expect(onClose).toHaveBeenCalled();
});
