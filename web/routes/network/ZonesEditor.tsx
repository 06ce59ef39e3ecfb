/**
 * Zones (セグメント) of a new dated setting, edited in place: each has a name (what firewall rules call it), a tier
 * and its address ranges. The server refuses duplicate names and the removal of a zone still in use, naming the user.
 */
import { ALL_TIERS, type Tier } from '../../../src/domain/tiers.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorText } from '../../components/Field.tsx';
import { Select } from '../../components/Select.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useNetworkWords } from './labels.ts';

/** A zone as the form holds it: the ranges as typed (comma or space separated). */
export interface ZoneDraft {
  id: string;
  tier: Tier;
  cidrs: string;
}

export const zoneDrafts = (zones: { id: string; tier: Tier; cidrs: string[] }[]): ZoneDraft[] =>
  zones.map((z) => ({ id: z.id, tier: z.tier, cidrs: z.cidrs.join(', ') }));

export const zonesOf = (drafts: ZoneDraft[]) =>
  drafts.map((z) => ({
    id: z.id.trim(),
    tier: z.tier,
    cidrs: z.cidrs
      .split(/[,、\s]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  }));

export function ZonesEditor({
  zones,
  onChange,
  error,
}: {
  zones: ZoneDraft[];
  onChange: (zones: ZoneDraft[]) => void;
  /** The error of a field (`zones` for the list as a whole, `zones.0.id` …). */
  error: (field: string) => string | undefined;
}) {
  const w = useNetworkWords();
  const { t } = w;
  const set = (i: number, change: Partial<ZoneDraft>) =>
    onChange(zones.map((z, k) => (k === i ? { ...z, ...change } : z)));
  const listError = error('zones');
  return (
    <fieldset
      className="flex flex-col gap-4 rounded-8 border border-solid-gray-420 px-5 py-4"
      aria-describedby={listError ? 'zones-error' : undefined}
    >
      <legend className="px-1 text-std-18B-160">{t('network.settings.zonesTitle')}</legend>
      <p className="text-std-16N-170">{t('network.settings.zonesCopied')}</p>
      {listError && <ErrorText id="zones-error">{listError}</ErrorText>}
      {zones.length === 0 && <p>{t('network.settings.noZones')}</p>}
      {zones.map((z, i) => (
        <fieldset
          // biome-ignore lint/suspicious/noArrayIndexKey: a zone's name is being edited, so it cannot be the key
          key={i}
          className="flex flex-col gap-3 border-t border-solid-gray-200 pt-3"
          data-zone-row={i}
        >
          <legend className="sr-only">{t('network.settings.zoneN', { n: i + 1 })}</legend>
          <div className="flex flex-wrap items-end gap-4">
            <TextField
              id={`zone-${i}-id`}
              label={t('network.settings.zoneName')}
              required
              width="m"
              value={z.id}
              onChange={(v) => set(i, { id: v })}
              error={error(`zones.${i}.id`)}
            />
            <Select
              id={`zone-${i}-tier`}
              label={t('network.settings.zoneTier')}
              required
              width="l"
              value={z.tier}
              onChange={(v) => set(i, { tier: v as Tier })}
              options={ALL_TIERS.map((x) => ({ value: x, label: w.tier(x) }))}
            />
          </div>
          <TextField
            id={`zone-${i}-cidrs`}
            label={t('network.settings.zoneCidrs')}
            help={t('network.settings.zoneCidrsHelp')}
            required
            value={z.cidrs}
            onChange={(v) => set(i, { cidrs: v })}
            error={error(`zones.${i}.cidrs`)}
          />
          <div>
            <Button variant="tertiary" size="sm" onPress={() => onChange(zones.filter((_, k) => k !== i))}>
              {t('network.settings.removeZone', { name: z.id || t('network.settings.zoneN', { n: i + 1 }) })}
            </Button>
          </div>
        </fieldset>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          onPress={() => onChange([...zones, { id: '', tier: 'lgwan', cidrs: '' }])}
        >
          {t('network.settings.addZone')}
        </Button>
      </div>
    </fieldset>
  );
}
