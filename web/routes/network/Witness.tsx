import type { FindingView } from './types.ts';
import { protoText } from './types.ts';

/** A witness flow in words: the concrete packet, the systems it joins and the rule (file, line) that decides it. */
export function WitnessText({
  witness,
  names,
}: {
  witness: NonNullable<FindingView['witness']>;
  names: Map<string, string>;
}) {
  const who = (ip: string, id?: string) => (id && names.get(id) ? `${ip}（${names.get(id)}）` : ip);
  const verdict = { allowed: '許可される', possibly: '許可される可能性がある', denied: '拒否される' }[witness.verdict];
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 rounded-8 bg-solid-gray-50 px-5 py-3 text-std-16N-170">
      <dt className="font-bold">送信元</dt>
      <dd>{who(witness.srcIp, witness.srcSystemId)}</dd>
      <dt className="font-bold">宛先</dt>
      <dd>{who(witness.dstIp, witness.dstSystemId)}</dd>
      <dt className="font-bold">プロトコル/ポート</dt>
      <dd>{protoText(witness.proto, witness.port)}</dd>
      <dt className="font-bold">判定</dt>
      <dd>{verdict}</dd>
      <dt className="font-bold">決め手のルール</dt>
      <dd>
        {witness.rule ? `${witness.rule.id}（${witness.rule.file} ${witness.rule.line}行目）` : 'チェーンの既定の動作'}
      </dd>
    </dl>
  );
}
