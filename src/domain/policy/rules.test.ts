import { describe, expect, it } from 'vitest';
import { addMonths, type ExceptionFacts, exceptionFindings, exceptionStanding } from './exceptions.ts';
import { publishedHistory, scheduledVersions, standingOn, versionInForce } from './in-force.ts';
import { reviewFindings } from './reviews.ts';
import { canReadDocument, type Grant } from './visibility.ts';

const v = (id: string, number: number, status: string, effectiveOn: string | null) => ({
  id,
  number,
  status,
  effectiveOn,
  revisedOn: effectiveOn,
});

describe('the version in force on a date (simulated clock)', () => {
  const versions = [
    v('v1', 1, 'PUBLISHED', '2004-04-01'),
    v('v2', 2, 'PUBLISHED', '2020-04-01'),
    v('v3', 3, 'PUBLISHED', '2026-04-01'),
    v('v4', 4, 'DRAFT', null),
    v('v5', 5, 'APPROVED', null),
  ];

  it('is the published version with the latest 施行日 not after the date', () => {
    expect(versionInForce(versions, '2004-03-31')).toBeNull();
    expect(versionInForce(versions, '2004-04-01')?.id).toBe('v1');
    expect(versionInForce(versions, '2020-03-31')?.id).toBe('v1');
    expect(versionInForce(versions, '2026-03-31')?.id).toBe('v2');
    expect(versionInForce(versions, '2026-04-01')?.id).toBe('v3');
    expect(versionInForce(versions, '2099-12-31')?.id).toBe('v3');
  });

  it('prefers the higher number on the same 施行日, and ignores drafts and approved versions', () => {
    const same = [...versions, v('v6', 6, 'PUBLISHED', '2026-04-01')];
    expect(versionInForce(same, '2026-04-01')?.id).toBe('v6');
    expect(versionInForce([v('d', 1, 'DRAFT', '2000-01-01')], '2026-01-01')).toBeNull();
  });

  it('knows what is scheduled, superseded and when each version stopped being in force', () => {
    expect(scheduledVersions(versions, '2026-01-09').map((x) => x.id)).toEqual(['v3']);
    expect(Object.fromEntries(standingOn(versions, '2026-01-09'))).toEqual({
      v1: 'superseded',
      v2: 'in_force',
      v3: 'scheduled',
      v4: 'not_published',
      v5: 'not_published',
    });
    expect(publishedHistory(versions).map((x) => [x.id, x.effectiveOn, x.effectiveUntil])).toEqual([
      ['v3', '2026-04-01', null],
      ['v2', '2020-04-01', '2026-03-31'],
      ['v1', '2004-04-01', '2020-03-31'],
    ]);
  });
});

describe('見直し findings (基本方針 8)', () => {
  const docs = [
    { id: 'd1', title: '基本方針', kind: 'BASIC' as const, firstEffectiveOn: '2004-04-01' },
    { id: 'd2', title: '新しい手順', kind: 'PROCEDURE' as const, firstEffectiveOn: '2026-05-01' },
  ];

  it('flags a missing annual review of the year just ended and open reviews past due', () => {
    const findings = reviewFindings(
      docs,
      [{ id: 'r1', documentId: 'd1', trigger: 'INCIDENT', fiscalYear: null, dueOn: '2026-05-31', status: 'OPEN' }],
      '2026-06-01',
    );
    expect(findings.map((f) => [f.code, f.subject?.id])).toEqual([
      ['POLICY-REVIEW-OVERDUE', 'r1'],
      ['POLICY-ANNUAL-REVIEW-MISSING', 'd1'],
    ]);
    expect(findings.every((f) => f.clause.document === '情報セキュリティ基本方針' && f.clause.ref === '8')).toBe(true);
    expect(findings[1].message.ja).toContain('令和7年度');
  });

  it('is quiet when the annual review is recorded and nothing is overdue', () => {
    const reviews = [
      {
        id: 'r2',
        documentId: 'd1',
        trigger: 'ANNUAL' as const,
        fiscalYear: 2025,
        dueOn: '2026-03-31',
        status: 'DONE' as const,
      },
      {
        id: 'r3',
        documentId: 'd1',
        trigger: 'ANNUAL' as const,
        fiscalYear: 2026,
        dueOn: '2027-03-31',
        status: 'OPEN' as const,
      },
    ];
    expect(reviewFindings(docs, reviews, '2026-06-01')).toEqual([]);
    // A year later the open review of 令和8年度 is overdue and the document d2 (in force since May) needed one too.
    expect(reviewFindings(docs, reviews, '2027-04-01').map((f) => f.code)).toEqual([
      'POLICY-REVIEW-OVERDUE',
      'POLICY-ANNUAL-REVIEW-MISSING',
    ]);
  });
});

describe('例外措置', () => {
  const base: ExceptionFacts = {
    id: 'e1',
    label: 'USBメモリの使用',
    status: 'APPROVED',
    emergency: false,
    validFrom: '2026-04-01',
    validUntil: '2026-09-30',
    decidedOn: '2026-03-20',
    lastReviewedOn: null,
    reviewEveryMonths: 3,
  };

  it('stands by status and dates', () => {
    expect(exceptionStanding(base, '2026-03-31')).toBe('scheduled');
    expect(exceptionStanding(base, '2026-09-30')).toBe('active');
    expect(exceptionStanding(base, '2026-10-01')).toBe('expired');
    expect(exceptionStanding({ ...base, status: 'REQUESTED' }, '2026-05-01')).toBe('pending');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('flags expired, unapproved and unreviewed exceptions', () => {
    const codes = (e: Partial<ExceptionFacts>, on: string) =>
      exceptionFindings([{ ...base, ...e }], on).map((f) => f.code);
    expect(codes({}, '2026-05-01')).toEqual([]);
    expect(codes({}, '2026-06-21')).toEqual(['EXCEPTION-REVIEW-OVERDUE']);
    expect(codes({ lastReviewedOn: '2026-06-15' }, '2026-06-21')).toEqual([]);
    expect(codes({}, '2026-10-01')).toEqual(['EXCEPTION-EXPIRED']);
    expect(codes({ status: 'WITHDRAWN' }, '2026-10-01')).toEqual([]);
    expect(codes({ status: 'REQUESTED', decidedOn: null }, '2026-03-01')).toEqual([]);
    expect(codes({ status: 'REQUESTED', decidedOn: null }, '2026-04-01')).toEqual(['EXCEPTION-UNAPPROVED']);
    expect(codes({ status: 'REQUESTED', emergency: true, decidedOn: null }, '2026-03-01')).toEqual([
      'EXCEPTION-EMERGENCY-UNAPPROVED',
    ]);
  });
});

describe('who may read a 実施手順', () => {
  const g = (role: Grant['role'], scopeKind: Grant['scopeKind'], scopeId: string | null = null): Grant => ({
    role,
    scopeKind,
    scopeId,
  });
  const systemDoc = {
    kind: 'PROCEDURE' as const,
    scopeKind: 'SYSTEM' as const,
    scopeId: 'sys-a',
    visibleRoles: ['SYS_MANAGER', 'CISO'] as Grant['role'][],
  };
  const unitDoc = {
    kind: 'PROCEDURE' as const,
    scopeKind: 'ORG_UNIT' as const,
    scopeId: 'sec',
    visibleRoles: ['SEC_RESPONSIBLE', 'STAFF'] as Grant['role'][],
  };
  const reader = (grants: Grant[], personUnitChain: string[] = []) => ({ grants, personUnitChain });

  it('admits the named roles for that system or unit only', () => {
    expect(canReadDocument(systemDoc, reader([g('SYS_MANAGER', 'SYSTEM', 'sys-a')]), [])).toBe(true);
    expect(canReadDocument(systemDoc, reader([g('SYS_MANAGER', 'SYSTEM', 'sys-b')]), [])).toBe(false);
    expect(canReadDocument(systemDoc, reader([g('CISO', 'TENANT')]), [])).toBe(true);
    expect(
      canReadDocument(systemDoc, reader([g('TOTAL_SEC_RESPONSIBLE', 'TENANT'), g('PLATFORM_ADMIN', 'TENANT')]), []),
    ).toBe(false);
    expect(canReadDocument(unitDoc, reader([g('SEC_RESPONSIBLE', 'ORG_UNIT', 'dept')]), ['sec', 'dept'])).toBe(true);
    expect(canReadDocument(unitDoc, reader([g('SEC_RESPONSIBLE', 'ORG_UNIT', 'other')]), ['sec', 'dept'])).toBe(false);
    expect(canReadDocument(unitDoc, reader([g('STAFF', 'TENANT')], ['sec', 'dept']), ['sec', 'dept'])).toBe(true);
    expect(canReadDocument(unitDoc, reader([g('STAFF', 'TENANT')], ['elsewhere']), ['sec', 'dept'])).toBe(false);
    expect(canReadDocument({ ...unitDoc, kind: 'BASIC' }, reader([]), [])).toBe(true);
  });
});
