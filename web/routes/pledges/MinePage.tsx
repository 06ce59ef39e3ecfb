/**
 * 誓約 for every member of staff: the pledge text in force for them (職員等 or 委託事業者), an explicit agreement
 * checkbox and the button to pledge; then their own history. 基本方針5: the duty continues after leaving the post.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post, queryClient } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../components/NotificationBanner.tsx';
import { Loaded, PageSection, useErrorText } from '../../components/PageParts.tsx';
import { formatDate } from '../../lib/dates.ts';
import { fieldId } from '../../lib/forms.ts';
import { useLanguage } from '../../lib/i18n-hooks.ts';
import { HistoryTable, PledgeDocument } from './PledgeParts.tsx';
import { type MyPledge, pledgeKeys } from './types.ts';

function SignForm({ mine }: { mine: MyPledge }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [agree, setAgree] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const text = mine.text;
  const sign = useMutation({
    mutationFn: () => post<MyPledge>('/pledges/sign', { pledgeTextId: text?.id, agree }),
    onSuccess: (data) => {
      queryClient.setQueryData(pledgeKeys.mine, data);
      void queryClient.invalidateQueries({ queryKey: pledgeKeys.all, refetchType: 'none' });
    },
    onError: (e) => {
      setError(errorText(e));
      setAttempt((n) => n + 1);
      // The text was revised meanwhile: show the new one.
      if (e instanceof ApiError && e.code === 'PLEDGE_TEXT_CHANGED') {
        void queryClient.invalidateQueries({ queryKey: pledgeKeys.mine });
        setAgree(false);
      }
    },
  });
  if (!text) return null;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!agree) {
      setError(t('pledges.agreeMissing'));
      setAttempt((n) => n + 1);
      return;
    }
    setError(null);
    sign.mutate();
  }
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4 rounded-8 bg-solid-gray-50 px-6 py-5">
      <ErrorSummary items={error ? [{ field: 'agree', message: error }] : []} focusKey={attempt} />
      <Checkbox id={fieldId('agree')} isSelected={agree} onChange={setAgree} error={error ?? undefined}>
        <span className="font-bold">{t('pledges.agree', { version: text.version })}</span>
      </Checkbox>
      <div>
        <Button type="submit" isPending={sign.isPending}>
          {t('pledges.sign')}
        </Button>
      </div>
    </form>
  );
}

function Mine({ mine }: { mine: MyPledge }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const current = mine.current;
  return (
    <>
      {mine.valid && current ? (
        <NotificationBanner kind="success" title={t('pledges.doneTitle')}>
          {t('pledges.done', {
            version: current.version,
            date: formatDate(current.signedOn, lang),
            method: t(`pledges.methods.${current.method}`),
          })}
        </NotificationBanner>
      ) : mine.text ? (
        <NotificationBanner kind="warning" title={t('pledges.dueTitle')} live={false}>
          {t('pledges.due')}
        </NotificationBanner>
      ) : (
        <NotificationBanner kind="info" live={false}>
          {t('pledges.noText')}
        </NotificationBanner>
      )}

      {mine.text && (
        <PageSection
          id="pledge-current"
          title={t('pledges.textInForce')}
          lead={t('pledges.textInForceLead', { audience: t(`pledges.audiences.${mine.person.audience}`) })}
        >
          <PledgeDocument text={mine.text} headingLevel={3} />
          {!mine.valid && <SignForm mine={mine} />}
        </PageSection>
      )}

      <PageSection id="pledge-history" title={t('pledges.myHistory')} lead={t('pledges.myHistoryLead')}>
        <HistoryTable items={mine.history} caption={t('pledges.myHistory')} />
      </PageSection>
    </>
  );
}

export default function MinePage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: pledgeKeys.mine, queryFn: () => get<MyPledge>('/pledges/mine') });
  return (
    <div className="flex flex-col gap-8">
      <p className="text-std-16N-170">{t('pledges.mineLead')}</p>
      {query.isError && query.error instanceof ApiError && query.error.status === 403 ? (
        <NotificationBanner kind="info" live={false}>
          {t('pledges.noPerson')}
        </NotificationBanner>
      ) : (
        <Loaded query={query}>{(mine) => <Mine mine={mine} />}</Loaded>
      )}
    </div>
  );
}
