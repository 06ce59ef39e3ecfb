/**
 * Zones of a new dated setting: a zone the setting in force has and the new one drops (removed, or renamed) must not
 * still be in use — by a system whose address it paints (the most specific zone covering it wins, as in the checker)
 * when without it the address would fall in another tier or none, or by a rule of the latest firewall import that
 * names the zone. A rename that keeps the ranges and tier changes no system's tier. The error names the users.
 */
import type { Scope, Tx } from '../../db/scope.ts';
import { addressInterval, type RegisterZone } from '../../domain/flows/register.ts';
import type { FirewallRuleset } from '../../domain/flows/ruleset.ts';
import { type FieldError, fieldErrors } from '../../platform/errors.ts';

type Interval = [bigint, bigint];
const intervals = (texts: string[]) => texts.map(addressInterval).filter((x): x is Interval => x !== null);
/** The zone that paints an address: the narrowest range covering it. */
function painter(zones: RegisterZone[], [lo, hi]: Interval): RegisterZone | null {
  let best: { zone: RegisterZone; width: bigint } | null = null;
  for (const zone of zones) {
    for (const [a, b] of intervals(zone.cidrs)) {
      if (a <= lo && hi <= b && (!best || b - a < best.width)) best = { zone, width: b - a };
    }
  }
  return best?.zone ?? null;
}

interface ZoneUse {
  ja: string;
  en: string;
}

async function systemUses(
  tx: Tx,
  scope: Scope,
  removed: RegisterZone,
  previous: RegisterZone[],
  next: RegisterZone[],
): Promise<ZoneUse[]> {
  const systems = await tx
    .selectFrom('network_system')
    .select(['name', 'addresses_json'])
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('name')
    .execute();
  return systems
    .filter((s) =>
      intervals(JSON.parse(s.addresses_json) as string[]).some(
        (a) => painter(previous, a) === removed && painter(next, a)?.tier !== removed.tier,
      ),
    )
    .map((s) => ({ ja: `情報システム「${s.name}」`, en: `system "${s.name}"` }));
}

async function ruleUses(tx: Tx, scope: Scope, zoneId: string): Promise<ZoneUse[]> {
  const latest = await tx
    .selectFrom('network_import')
    .select('rulesets_json')
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!latest) return [];
  const uses: ZoneUse[] = [];
  for (const rs of JSON.parse(latest.rulesets_json) as FirewallRuleset[]) {
    for (const chain of rs.chains) {
      for (const rule of chain.rules) {
        const named = [rule.srcZones, rule.dstZones].some((z) => z !== 'any' && z.includes(zoneId));
        if (!named) continue;
        const where = `${rule.source.file}:${rule.source.line}`;
        uses.push({ ja: `ルール「${rule.id}」（${where}）`, en: `rule "${rule.id}" (${where})` });
      }
    }
  }
  return uses;
}

/** Refuses zones dropped from `previous` that are still in use; one field error per zone, naming its first users. */
export async function checkZoneRemovals(
  tx: Tx,
  scope: Scope,
  previous: RegisterZone[],
  next: RegisterZone[],
): Promise<void> {
  const kept = new Set(next.map((z) => z.id));
  const errors: FieldError[] = [];
  for (const zone of previous.filter((z) => !kept.has(z.id))) {
    const uses = [...(await systemUses(tx, scope, zone, previous, next)), ...(await ruleUses(tx, scope, zone.id))];
    if (!uses.length) continue;
    const shown = uses.slice(0, 3);
    const more = uses.length - shown.length;
    errors.push({
      field: 'zones',
      message: {
        ja: `セグメント「${zone.id}」は${shown.map((u) => u.ja).join('、')}${more ? `ほか${more}件` : ''}が使っているため、削除・名称変更できません。`,
        en: `Zone "${zone.id}" is used by ${shown.map((u) => u.en).join(', ')}${more ? ` and ${more} more` : ''}; it cannot be removed or renamed.`,
      },
    });
  }
  if (errors.length) throw fieldErrors(errors);
}
