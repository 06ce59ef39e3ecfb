/** 取下げ of one's own request (pending, or approved and not yet used), after a confirmation. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { ConfirmDialog } from '../../../components/Dialog.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { useErrorText } from '../../../components/PageParts.tsx';
import type { PermissionRequest } from './types.ts';

export function OwnRequestActions({ request, onDone }: { request: PermissionRequest; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => post(`/asset-permissions/${request.id}/withdraw`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      setOpen(false);
      onDone(t('assets.requests.withdrawn', { action: t(`assets.lifecycle.action.${request.action}`) }));
    },
  });
  if (request.status !== 'PENDING' && request.status !== 'APPROVED') return null;
  return (
    <>
      <Button size="sm" variant="secondary" onPress={() => setOpen(true)}>
        {t('assets.requests.withdraw')}
      </Button>
      <ConfirmDialog
        isOpen={open}
        onClose={() => {
          withdraw.reset();
          setOpen(false);
        }}
        onConfirm={() => withdraw.mutate()}
        isPending={withdraw.isPending}
        title={t('assets.requests.withdrawTitle')}
        confirmLabel={t('assets.requests.withdraw')}
      >
        <p>
          {t('assets.requests.withdrawLead', {
            asset: `${request.asset.ref} ${request.asset.name}`,
            action: t(`assets.lifecycle.action.${request.action}`),
          })}
        </p>
        {withdraw.isError && (
          <NotificationBanner kind="error" title={t('assets.lifecycle.failed')}>
            {errorText(withdraw.error)}
          </NotificationBanner>
        )}
      </ConfirmDialog>
    </>
  );
}
