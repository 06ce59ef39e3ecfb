import type { AccountView, listAccounts } from '../../../src/modules/accounts/service.ts';

export type Account = AccountView;
export type AccountPage = Awaited<ReturnType<typeof listAccounts>>;
export const adminKeys = {
  all: ['admin'] as const,
  accounts: (params: Record<string, string | undefined>) => ['admin', 'accounts', params] as const,
};
