import { useNetworkWords } from './labels.ts';
import type { FindingView } from './types.ts';
import { protoText } from './types.ts';

/** A witness flow in words: the concrete packet, the systems it joins and the rule (chain, line) that decides it. */
export function WitnessText({
  witness,
  names,
}: {
  witness: NonNullable<FindingView['witness']>;
  names: Map<string, string>;
}) {
  const w = useNetworkWords();
  const { t } = w;
  const who = (ip: string, id?: string) => (id && names.get(id) ? `${ip}（${names.get(id)}）` : ip);
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 rounded-8 bg-solid-gray-50 px-5 py-3 text-std-16N-170">
      <dt className="font-bold">{t('network.witness.src')}</dt>
      <dd>{who(witness.srcIp, witness.srcSystemId)}</dd>
      <dt className="font-bold">{t('network.witness.dst')}</dt>
      <dd>{who(witness.dstIp, witness.dstSystemId)}</dd>
      <dt className="font-bold">{t('network.witness.proto')}</dt>
      <dd>{protoText(witness.proto, witness.port, (number) => t('network.protoOther', { number }))}</dd>
      <dt className="font-bold">{t('network.witness.verdict')}</dt>
      <dd>{t(`network.witness.${witness.verdict}`)}</dd>
      <dt className="font-bold">{t('network.witness.rule')}</dt>
      <dd>{witness.rule ? w.rule(witness.rule) : t('network.witness.default')}</dd>
    </dl>
  );
}
