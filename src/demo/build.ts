/**
 * Builds 青葉町 through the same services the API uses, so every record is validated the same way and lands in
 * the hash-chained audit trail. Each step is its own transaction, in the order the town's history happened.
 */

import { inTenant, type Scope } from '../db/scope.ts';
import { createAccount } from '../modules/accounts/service.ts';
import { appoint } from '../modules/organisation/appointments.service.ts';
import { appointmentCreate, personCreate, unitCreate } from '../modules/organisation/contract.ts';
import { insertPerson, personLeaves, transferPerson } from '../modules/organisation/people.service.ts';
import { closeUnit, createUnit, listBodies } from '../modules/organisation/units.service.ts';
import type { Services } from '../platform/http/services.ts';
import { loadDemoAssets } from './assets.ts';
import { loadDemoNetwork } from './network.ts';
import { DEMO_PEOPLE } from './people.ts';
import { loadDemoPledges } from './pledges.ts';
import { loadDemoPolicies } from './policies.ts';
import { DEMO_ACCOUNTS, DEMO_APPOINTMENTS, type DemoAppointment } from './roles.ts';
import { loadDemoSanitizer } from './sanitizer.ts';
import { DEMO_BODIES, DEMO_UNITS, PREVIOUS_FROM, REORGANISED_ON } from './town.ts';

export interface DemoContext {
  services: Services;
  scope: Scope;
  /** unit key → id */
  units: Map<string, string>;
  /** person key → id */
  people: Map<string, string>;
}

function need(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`demo data: unknown ${what} "${key}"`);
  return id;
}

export async function createUnits(ctx: DemoContext): Promise<void> {
  const bodies = await listBodies(ctx.services, ctx.scope);
  const bodyId = new Map(DEMO_BODIES.map((b) => [b.key, bodies.find((x) => x.name === b.name)?.id]));
  for (const [i, u] of DEMO_UNITS.entries()) {
    const input = unitCreate.parse({
      bodyId: bodyId.get(u.body),
      parentId: u.parent ? need(ctx.units, u.parent, 'unit') : null,
      level: u.level,
      name: u.name,
      code: u.code,
      sortOrder: (i + 1) * 10,
      validFrom: u.validFrom,
    });
    const created = await createUnit(ctx.services, ctx.scope, input);
    ctx.units.set(u.key, created.id);
  }
}

/** Everyone in one transaction per person, as the form would; the retired and transferred people included. */
export async function createPeople(ctx: DemoContext): Promise<void> {
  for (const person of DEMO_PEOPLE) {
    const input = personCreate.parse({
      staffNumber: person.staffNumber,
      familyName: person.familyName,
      givenName: person.givenName,
      familyKana: person.familyKana,
      givenKana: person.givenKana,
      employmentType: person.employmentType,
      orgUnitId: person.unit ? need(ctx.units, person.unit, 'unit') : null,
      title: person.title,
      employer: person.employer ?? null,
      phone: person.phone ?? null,
      mobilePhone: person.mobilePhone ?? null,
      joinedOn: person.joinedOn ?? null,
    });
    const row = await inTenant(ctx.services.database, ctx.scope, (tx) => insertPerson(tx, ctx.scope, input));
    if (person.key) ctx.people.set(person.key, row.id);
  }
}

async function appointOne(ctx: DemoContext, a: DemoAppointment, validFrom: string): Promise<void> {
  const input = appointmentCreate.parse({
    role: a.role,
    personId: need(ctx.people, a.person, 'person'),
    scopeId: a.unit ? need(ctx.units, a.unit, 'unit') : null,
    validFrom,
    appointedBy: a.appointedBy,
    note: a.note ?? null,
  });
  await appoint(ctx.services, ctx.scope, input);
}

/**
 * The town's recent history, recorded as it happened:
 *  - 地域振興課 (since 2024-04-01) is merged into the new 産業振興課: its two members are transferred on
 *    2026-04-01 (their 地域振興課 roles end the day before) and the unit closes on 2026-03-31;
 *  - the former 会計管理者, 監査統括責任者 since 2024, retires on 2026-03-31 and is succeeded on 2026-04-01.
 */
export async function recordHistory(ctx: DemoContext): Promise<void> {
  const { services, scope } = ctx;
  await appointOne(
    ctx,
    { role: 'SEC_MANAGER', person: 'chiiki-kacho', unit: 'chiiki', appointedBy: '対策基準' },
    PREVIOUS_FROM,
  );
  await appointOne(
    ctx,
    { role: 'AUDIT_LEAD', person: 'kaikei-old', appointedBy: '最高情報セキュリティ責任者' },
    PREVIOUS_FROM,
  );

  const sangyo = need(ctx.units, 'sangyo', 'unit');
  await transferPerson(services, scope, need(ctx.people, 'chiiki-kacho', 'person'), {
    orgUnitId: sangyo,
    date: REORGANISED_ON,
    title: '産業振興課長',
  });
  await transferPerson(services, scope, need(ctx.people, 'chiiki-shusa', 'person'), {
    orgUnitId: sangyo,
    date: REORGANISED_ON,
    title: '主査',
  });
  const closing = DEMO_UNITS.find((u) => u.closedOn);
  if (closing?.closedOn) await closeUnit(services, scope, need(ctx.units, closing.key, 'unit'), closing.closedOn);

  await personLeaves(services, scope, need(ctx.people, 'kaikei-old', 'person'), {
    kind: 'RETIRED',
    date: '2026-03-31',
    reason: '定年退職',
  });
}

/** The demo-admin's own person record is created with the town; it is placed in 情報政策係 like anyone else. */
export async function placeAdmin(ctx: DemoContext, adminPersonId: string): Promise<void> {
  await transferPerson(ctx.services, ctx.scope, adminPersonId, {
    orgUnitId: need(ctx.units, 'johoseisaku', 'unit'),
    date: REORGANISED_ON,
  });
  ctx.people.set('admin', adminPersonId);
}

export async function appointRoles(ctx: DemoContext): Promise<void> {
  for (const a of DEMO_APPOINTMENTS) await appointOne(ctx, a, REORGANISED_ON);
  // 三層の対策: the systems register and one firewall import (src/demo/network.ts).
  await loadDemoNetwork(ctx.services, ctx.scope, { people: ctx.people });
  // 基本方針・対策基準・実施手順 and their records (src/demo/policies.ts).
  await loadDemoPolicies(ctx);
}

export async function createAccounts(ctx: DemoContext, password: string): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    await createAccount(ctx.services, ctx.scope, {
      personId: need(ctx.people, a.person, 'person'),
      loginId: a.loginId,
      password,
      // The demo's published password must keep working: not an issued one to be replaced at first sign-in.
      passwordChangeRequired: false,
    });
  }
  await loadDemoSanitizer(ctx);
  await loadDemoAssets(ctx); // 情報資産管理台帳 (src/demo/assets.ts)
  await loadDemoPledges(ctx); // 誓約 (src/demo/pledges.ts)
}
