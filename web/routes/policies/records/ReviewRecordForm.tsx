/**
 * 審議の記録 of a 見直し: when it was discussed, at which committee meeting (委員会の開催記録, optional: a review may
 * be discussed elsewhere), and what was said. The meeting is shown on the review by its date in 和暦 and its title.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { reviewMeetingOptions } from '../../../../src/modules/policies/review-meetings.ts';
import { get, may, patch, queryClient, useMe } from '../../../api.ts';
import { Button } from '../../../components/Button.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { ErrorSummary } from '../../../components/ErrorSummary.tsx';
import { NotificationBanner } from '../../../components/NotificationBanner.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { formatDate } from '../../../lib/dates.ts';
import { fieldId } from '../../../lib/forms.ts';
import { useLanguage } from '../../../lib/i18n-hooks.ts';
import { useFieldErrors } from '../form-errors.ts';
import { type Review, recordKeys } from './types.ts';

type MeetingOptions = Awaited<ReturnType<typeof reviewMeetingOptions>>;
type Meeting = MeetingOptions['items'][number];

/** 令和8年4月20日（2026年4月20日）　第2回臨時会 */
export function meetingLabel(m: Pick<Meeting, 'heldOn' | 'title'>, lang: ReturnType<typeof useLanguage>): string {
  return `${formatDate(m.heldOn, lang)}　${m.title}`;
}

/** The meeting on the review record: a link to its record for those who may read the committee's records. */
export function ReviewMeeting({ meeting }: { meeting: Review['meeting'] }) {
  const lang = useLanguage();
  const { data: me } = useMe();
  if (!meeting) return <>—</>;
  const label = meetingLabel(meeting, lang);
  return may(me ?? undefined, 'committee_meeting', 'read') ? (
    <Link to={`/organisation/committee/meetings/${encodeURIComponent(meeting.id)}`}>{label}</Link>
  ) : (
    label
  );
}

export function ReviewRecordForm({ review }: { review: Review }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [heldOn, setHeldOn] = useState(review.heldOn ?? '');
  const [meetingId, setMeetingId] = useState(review.meetingId ?? '');
  const [discussion, setDiscussion] = useState(review.discussion);
  const [saved, setSaved] = useState(false);
  const meetings = useQuery({
    queryKey: [...recordKeys.all, 'review-meetings'],
    queryFn: () => get<MeetingOptions>('/policy-reviews/meetings'),
  });
  const save = useMutation({
    mutationFn: () =>
      patch<Review>(`/policy-reviews/${review.id}`, {
        heldOn: heldOn || null,
        meetingId: meetingId || null,
        discussion,
      }),
    onSuccess: (r) => {
      setSaved(true);
      queryClient.setQueryData(recordKeys.review(review.id), r);
    },
  });
  const errors = useFieldErrors(save.error, {
    heldOn: t('policies.reviews.heldOn'),
    meetingId: t('policies.reviews.meeting'),
    discussion: t('policies.reviews.discussion'),
  });
  const items = meetings.data?.items ?? [];
  // The meeting already recorded stays selectable even if it is beyond the list's reach.
  const options =
    review.meeting && !items.some((m) => m.id === review.meeting?.id) ? [review.meeting, ...items] : items;
  const chooseMeeting = (id: string) => {
    setMeetingId(id);
    const chosen = options.find((m) => m.id === id);
    // The 審議日 is the meeting's date unless the user has already given one.
    if (chosen && !heldOn) setHeldOn(chosen.heldOn);
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate();
      }}
      className="no-print flex flex-col gap-4"
    >
      <ErrorSummary items={errors.items} />
      {errors.general && <NotificationBanner kind="error">{errors.general}</NotificationBanner>}
      {saved && <NotificationBanner kind="success">{t('policies.reviews.saved')}</NotificationBanner>}
      <Select
        id={fieldId('meetingId')}
        label={t('policies.reviews.meeting')}
        help={
          meetings.isError
            ? t('policies.reviews.meetingsUnavailable')
            : items.length === 0 && meetings.isSuccess
              ? t('policies.reviews.noMeetings')
              : t('policies.reviews.meetingHelp')
        }
        width="l"
        value={meetingId}
        onChange={chooseMeeting}
        error={errors.of('meetingId')}
        options={[
          { value: '', label: t('policies.reviews.notAtMeeting') },
          ...options.map((m) => ({ value: m.id, label: meetingLabel(m, lang) })),
        ]}
      />
      <DateField
        id={fieldId('heldOn')}
        label={t('policies.reviews.heldOn')}
        value={heldOn}
        onChange={setHeldOn}
        error={errors.of('heldOn')}
      />
      <TextArea
        id={fieldId('discussion')}
        label={t('policies.reviews.discussion')}
        help={t('policies.reviews.discussionHelp')}
        rows={6}
        value={discussion}
        onChange={setDiscussion}
        error={errors.of('discussion')}
      />
      <div>
        <Button type="submit" variant="secondary" isPending={save.isPending}>
          {t('policies.reviews.save')}
        </Button>
      </div>
    </form>
  );
}
