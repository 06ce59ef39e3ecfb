/**
 * Which published version of a policy document is in force on a date (施行日), and how its versions stand on that
 * date. Pure: the date is a parameter, so any day — past, today or a simulated future — can be asked about.
 */

export interface DatedVersion {
  id: string;
  number: number;
  status: string;
  /** 施行日 (YYYY-MM-DD); set when published. */
  effectiveOn: string | null;
  /** 改訂日. */
  revisedOn: string | null;
}

export type Standing = 'in_force' | 'scheduled' | 'superseded' | 'not_published';

const published = <V extends DatedVersion>(v: V): v is V & { effectiveOn: string } =>
  v.status === 'PUBLISHED' && v.effectiveOn !== null;

/** Later 施行日 first; on the same 施行日 the higher version number wins (a correction published the same day). */
const newestFirst = (a: DatedVersion, b: DatedVersion) =>
  (b.effectiveOn ?? '').localeCompare(a.effectiveOn ?? '') || b.number - a.number;

/** The version in force on `on`: the published version with the latest 施行日 not after that date. */
export function versionInForce<V extends DatedVersion>(versions: V[], on: string): V | null {
  return (
    versions
      .filter(published)
      .filter((v) => v.effectiveOn <= on)
      .sort(newestFirst)[0] ?? null
  );
}

/** Published versions whose 施行日 is still ahead on `on`, soonest first. */
export function scheduledVersions<V extends DatedVersion>(versions: V[], on: string): V[] {
  return versions
    .filter(published)
    .filter((v) => v.effectiveOn > on)
    .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.number - b.number);
}

/** Each version's standing on `on`. */
export function standingOn(versions: DatedVersion[], on: string): Map<string, Standing> {
  const current = versionInForce(versions, on);
  const out = new Map<string, Standing>();
  for (const v of versions) {
    if (!published(v)) out.set(v.id, 'not_published');
    else if (current && v.id === current.id) out.set(v.id, 'in_force');
    else if (v.effectiveOn > on) out.set(v.id, 'scheduled');
    else out.set(v.id, 'superseded');
  }
  return out;
}

/** The published history, newest 施行日 first, each with the date it stopped being in force (the next one's 施行日 − 1). */
export function publishedHistory<V extends DatedVersion>(
  versions: V[],
): Array<V & { effectiveOn: string; effectiveUntil: string | null }> {
  const list = versions.filter(published).sort(newestFirst);
  return list.map((v, k) => {
    const next = list
      .slice(0, k)
      .reverse()
      .find((n) => n.effectiveOn > v.effectiveOn);
    return { ...v, effectiveUntil: next ? previousDay(next.effectiveOn) : null };
  });
}

function previousDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
