/** Requests of the committee meeting records (委員会の開催記録). Imported by the server and the web app. */
import { z } from 'zod';
import { id, isoDate, optionalText, pageQuery, text } from '../../platform/http/fields.ts';

export const MEETING_KINDS = ['REGULAR', 'EXTRAORDINARY'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { REGULAR: '定例', EXTRAORDINARY: '臨時' };

export const agendaItem = z.strictObject({ title: text(200), note: optionalText(2000) });

export const meetingCreate = z.strictObject({
  heldOn: isoDate,
  kind: z.enum(MEETING_KINDS),
  title: text(100),
  attendeeIds: z.array(id).max(200).default([]),
  agenda: z.array(agendaItem).max(50).default([]),
  decisions: z.string().trim().max(20_000).optional(),
});

export const meetingListQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

export const MINUTES_MAX_BYTES = 10 * 1024 * 1024;

export type MeetingCreate = z.infer<typeof meetingCreate>;
