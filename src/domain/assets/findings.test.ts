/** Finding messages show dates as people read them: 和暦（西暦） in Japanese, a plain date in English. */
import { describe, expect, it } from 'vitest';
import { assetFindings, eventFindings, readableDate } from './findings.ts';

describe('dates in asset finding messages', () => {
  it('reads dates and Japan-time instants', () => {
    expect(readableDate('2026-11-24', 'ja')).toBe('令和8年11月24日（2026年11月24日）');
    expect(readableDate('2026-11-24', 'en')).toBe('24 November 2026');
    // 23:30 UTC on 30 April is 1 May in Japan.
    expect(readableDate('2026-04-30T23:30:00.000Z', 'ja')).toBe('令和8年5月1日（2026年5月1日）');
    expect(readableDate('not a date', 'ja')).toBe('not a date');
  });

  it('says when a carry-out was due back and when a review was due, without ISO dates', () => {
    const subject = { id: 'a', ref: 'KIK-004', name: '広報用デジタルカメラ', unitId: 'u' };
    const [overdue] = eventFindings(
      subject,
      {
        id: 'e',
        action: 'CARRY',
        at: '2026-11-17T00:30:00.000Z',
        permissionRequired: false,
        permissionId: null,
        expectedReturnOn: '2026-11-24',
        returnedAt: null,
        method: null,
        performedBy: null,
      },
      '2026-11-26',
    );
    expect(overdue.message.ja).toBe(
      '「広報用デジタルカメラ」は、返却予定日の令和8年11月24日（2026年11月24日）を過ぎても返却されていません。',
    );
    expect(overdue.message.en).toContain('24 November 2026');
    const review = assetFindings(
      {
        ...subject,
        unitHasManager: true,
        tier: 'lgwan',
        medium: 'ELECTRONIC',
        ranks: { C: 1, I: 1, A: 1 },
        specificPersonal: false,
        nextReviewOn: '2026-04-30',
        lastReviewedOn: null,
        createdOn: '2025-04-01',
        retentionUntil: null,
        disposed: false,
      },
      null,
      { today: '2026-11-26', model: 'alpha' },
    ).find((f) => f.code === 'ASSET-REVIEW-OVERDUE');
    expect(review?.message.ja).toBe(
      '「広報用デジタルカメラ」は、見直し期限の令和8年4月30日（2026年4月30日）を過ぎています。',
    );
    expect(review?.message.ja).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
