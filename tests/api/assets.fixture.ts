/**
 * A town for the asset tests: 総務部 with 総務課 (a 情報セキュリティ管理者 and two members of staff) and 税務課
 * (one member of staff, no 管理者), a 情報セキュリティ責任者 for 総務部 and someone in the policy office.
 */
import type { LightMyRequestResponse } from 'fastify';
import { addPerson, appoint, makeTown, signInPerson, type Town } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import type { TestDatabase } from '../helpers/databases.ts';

export interface AssetWorld {
  t: TestApp;
  admin: Client;
  town: Town;
  manager: Client;
  managerId: string;
  responsible: Client;
  staff: Client;
  staffId: string;
  colleague: Client;
  colleagueId: string;
  taxStaff: Client;
  policy: Client;
}

export async function assetWorld(make: () => Promise<TestDatabase>): Promise<AssetWorld> {
  const t = await startApp(await make());
  const admin = await setupAndSignIn(t);
  const town = await makeTown(admin);
  const person = (familyName: string, orgUnitId: string) => addPerson(admin, { familyName, orgUnitId });
  const managerId = await person('管理', town.section);
  await appoint(admin, managerId, 'SEC_MANAGER', town.section);
  const responsibleId = await person('責任', town.dept);
  await appoint(admin, responsibleId, 'SEC_RESPONSIBLE', town.dept);
  const staffId = await person('職員', town.section);
  const colleagueId = await person('同僚', town.section);
  const taxId = await person('税務', town.taxSection);
  const policyId = await person('事務局', town.section);
  await appoint(admin, policyId, 'POLICY_OFFICE');
  return {
    t,
    admin,
    town,
    manager: await signInPerson(t, admin, managerId, 'kanri'),
    managerId,
    responsible: await signInPerson(t, admin, responsibleId, 'sekinin'),
    staff: await signInPerson(t, admin, staffId, 'shokuin'),
    staffId,
    colleague: await signInPerson(t, admin, colleagueId, 'doryo'),
    colleagueId,
    taxStaff: await signInPerson(t, admin, taxId, 'zeimu'),
    policy: await signInPerson(t, admin, policyId, 'jimukyoku'),
  };
}

export function ok(res: LightMyRequestResponse, status = 200) {
  if (res.statusCode !== status)
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 600)}`);
  return res.json();
}

let counter = 0;
export const nextRef = (prefix = 'IA') => `${prefix}-${String(++counter).padStart(4, '0')}`;

export function assetBody(w: AssetWorld, over: Record<string, unknown> = {}) {
  return {
    ref: nextRef(),
    name: '住民記録データ',
    kind: 'INFORMATION',
    business: '住民記録',
    orgUnitId: w.town.section,
    medium: 'ELECTRONIC',
    location: 'サーバ室',
    tier: 'lgwan',
    confidentiality: '2',
    integrity: '1',
    availability: '1',
    nextReviewOn: '2027-04-01',
    ...over,
  };
}

export async function createAsset(w: AssetWorld, over: Record<string, unknown> = {}, by: Client = w.manager) {
  return ok(await by.post('/api/v1/assets', assetBody(w, over)), 201);
}
