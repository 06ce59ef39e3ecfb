/**
 * Required roles and segregation of duties (兼務の禁止). Pure rules: callers pass in what is in force on a date.
 */
import type { AppointedRole } from './roles.ts';

export interface Clause {
  document: string;
  ref: string;
  summary: string;
}

export interface Finding {
  code: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  clause: Clause;
  message: { ja: string; en: string };
  subject?: { kind: string; id: string; label: string };
}

const ORGANISATION_CLAUSE: Clause = {
  document: '情報セキュリティ基本方針',
  ref: '6(1)',
  summary: '本町の情報資産について、情報セキュリティ対策を推進する全庁的な組織体制を確立する。',
};

export interface UnitInForce {
  id: string;
  name: string;
  level: 'DEPT' | 'SECTION' | 'TEAM';
}

export interface AppointmentInForce {
  id: string;
  role: AppointedRole;
  personId: string;
  scopeId: string | null;
}

export interface RoleRequirements {
  /** Unit level at which a 情報セキュリティ責任者 is required (部局 by default; a town without 部 may use 課). */
  responsibleLevel: 'DEPT' | 'SECTION';
  /** Unit level at which a 情報セキュリティ管理者 is required. */
  managerLevel: 'SECTION' | 'TEAM';
  requireCsirtLead: boolean;
}

export const DEFAULT_ROLE_REQUIREMENTS: RoleRequirements = {
  responsibleLevel: 'DEPT',
  managerLevel: 'SECTION',
  requireCsirtLead: true,
};

/** Mandatory roles without a holder on the day the inputs describe. */
export function missingRoleFindings(
  units: UnitInForce[],
  appointments: AppointmentInForce[],
  req: RoleRequirements = DEFAULT_ROLE_REQUIREMENTS,
): Finding[] {
  const findings: Finding[] = [];
  const holds = (role: AppointedRole, scopeId: string | null = null) =>
    appointments.some((a) => a.role === role && (scopeId === null || a.scopeId === scopeId));

  if (!holds('CISO')) {
    findings.push({
      code: 'ORG-NO-CISO',
      severity: 'critical',
      clause: ORGANISATION_CLAUSE,
      message: {
        ja: '最高情報セキュリティ責任者（CISO）が任命されていません。',
        en: 'No Chief Information Security Officer (CISO) is appointed.',
      },
    });
  }
  if (!holds('TOTAL_SEC_RESPONSIBLE')) {
    findings.push({
      code: 'ORG-NO-TOTAL-RESPONSIBLE',
      severity: 'high',
      clause: ORGANISATION_CLAUSE,
      message: {
        ja: '統括情報セキュリティ責任者が任命されていません。',
        en: 'No general information security officer is appointed.',
      },
    });
  }
  if (req.requireCsirtLead && !holds('CSIRT_LEAD')) {
    findings.push({
      code: 'ORG-NO-CSIRT-LEAD',
      severity: 'high',
      clause: ORGANISATION_CLAUSE,
      message: { ja: 'CSIRT責任者が任命されていません。', en: 'No CSIRT lead is appointed.' },
    });
  }
  for (const unit of units) {
    if (unit.level === req.responsibleLevel && !holds('SEC_RESPONSIBLE', unit.id)) {
      findings.push({
        code: 'ORG-UNIT-NO-RESPONSIBLE',
        severity: 'high',
        clause: ORGANISATION_CLAUSE,
        message: {
          ja: `${unit.name}に情報セキュリティ責任者が任命されていません。`,
          en: `No information security officer is appointed for ${unit.name}.`,
        },
        subject: { kind: 'org_unit', id: unit.id, label: unit.name },
      });
    }
    if (unit.level === req.managerLevel && !holds('SEC_MANAGER', unit.id)) {
      findings.push({
        code: 'ORG-UNIT-NO-MANAGER',
        severity: 'high',
        clause: ORGANISATION_CLAUSE,
        message: {
          ja: `${unit.name}に情報セキュリティ管理者が任命されていません。`,
          en: `No information security manager is appointed for ${unit.name}.`,
        },
        subject: { kind: 'org_unit', id: unit.id, label: unit.name },
      });
    }
  }
  return findings;
}

export interface SodViolation {
  rule: 'SOD-1' | 'SOD-2' | 'SOD-3' | 'SOD-4' | 'SOD-5';
  message: { ja: string; en: string };
}

/** SOD-1: whoever applies for a permission never approves it. */
export function applicantIsNotApprover(applicantPersonId: string, approverPersonId: string): SodViolation | null {
  if (applicantPersonId !== approverPersonId) return null;
  return {
    rule: 'SOD-1',
    message: {
      ja: '申請者本人は承認できません。別の承認者が判断してください。',
      en: 'The applicant cannot approve their own request; another approver must decide.',
    },
  };
}

export interface AuditeeScope {
  /** Units being audited, each with the chain of its ancestors (the unit itself first). */
  unitChains: string[][];
  /** Systems being audited. */
  systemIds: string[];
}

export interface AuditorTies {
  /** Units the auditor belongs to now. */
  memberOfUnitIds: string[];
  /** Units and systems for which the auditor holds a responsibility (責任者, 管理者, システム管理者/担当者). */
  responsibleForUnitIds: string[];
  responsibleForSystemIds: string[];
}

/**
 * SOD-2: an auditor does not audit a unit they belong to or answer for, nor a system they manage or operate.
 * Responsibility for a department covers its sections, so the whole ancestor chain of each audited unit is checked.
 */
export function auditorIsIndependent(auditor: AuditorTies, auditee: AuditeeScope): SodViolation | null {
  const tiedUnits = new Set([...auditor.memberOfUnitIds]);
  const answerableUnits = new Set(auditor.responsibleForUnitIds);
  const unitConflict = auditee.unitChains.some(
    (chain) => tiedUnits.has(chain[0]) || chain.some((unitId) => answerableUnits.has(unitId)),
  );
  const systemConflict = auditee.systemIds.some((id) => auditor.responsibleForSystemIds.includes(id));
  if (!unitConflict && !systemConflict) return null;
  return {
    rule: 'SOD-2',
    message: {
      ja: '監査人は、自らが所属し又は責任を負う組織・情報システムを監査することはできません。',
      en: 'An auditor may not audit a unit or system they belong to or are responsible for.',
    },
  };
}

/** Roles that make a person an auditee somewhere; holding one with an audit role deserves a warning. */
const AUDITEE_ROLES: AppointedRole[] = ['SEC_RESPONSIBLE', 'SEC_MANAGER', 'SYS_MANAGER', 'SYS_OPERATOR'];
const AUDIT_ROLES: AppointedRole[] = ['AUDIT_LEAD', 'AUDITOR'];

/** Warnings for people whose appointments mix audit duties with duties that are audited. */
export function appointmentConflictWarnings(
  appointments: AppointmentInForce[],
): Array<{ personId: string } & SodViolation> {
  const byPerson = new Map<string, Set<AppointedRole>>();
  for (const a of appointments) {
    const set = byPerson.get(a.personId) ?? new Set();
    set.add(a.role);
    byPerson.set(a.personId, set);
  }
  const warnings: Array<{ personId: string } & SodViolation> = [];
  for (const [personId, roles] of byPerson) {
    const audits = AUDIT_ROLES.some((r) => roles.has(r));
    const audited = AUDITEE_ROLES.some((r) => roles.has(r));
    if (audits && audited) {
      warnings.push({
        personId,
        rule: 'SOD-2',
        message: {
          ja: '監査の職務と監査を受ける職務を兼務しています。自らの所管を監査しないよう監査計画で除外してください。',
          en: 'This person holds both audit and auditee duties; exclude their own area from their audits.',
        },
      });
    }
  }
  return warnings;
}
