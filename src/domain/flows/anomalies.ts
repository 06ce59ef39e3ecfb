/**
 * Rule-base hygiene from the equivalence classes (three-tier-model.md B5/B6): shadowed and redundant rules,
 * missing final deny, undefined and unused objects, possible matches.
 */
import type { RuleUse } from './classes.ts';
import { ALL_DIMS, type Compiled } from './compile.ts';
import { finding, type NetworkFinding, type RuleRef, ruleWords } from './findings.ts';

function refOf(compiled: Compiled, i: number): RuleRef {
  const r = compiled.rules[i];
  return { id: r.rule.id, chain: r.chain, file: r.rule.source.file, line: r.rule.source.line };
}

/** An explicit deny-all (the recommended final rule) is not reported as redundant to the implicit deny. */
function denyAll(compiled: Compiled, cr: Compiled['rules'][number]): boolean {
  return cr.category === 'block' && cr.entries.some((i) => compiled.entries[i].coverMask === ALL_DIMS);
}

export function anomalyFindings(compiled: Compiled, uses: RuleUse[]): NetworkFinding[] {
  const out: NetworkFinding[] = [];
  const skipped = new Set(compiled.skipped.map((s) => s.rule));
  compiled.rules.forEach((cr, i) => {
    if (cr.category === 'other' || skipped.has(cr.rule) || cr.rule.implicit) return;
    const u = uses[i];
    const rule = refOf(compiled, i);
    const by =
      u.coveredByRule >= 0
        ? ruleWords(compiled.rules[u.coveredByRule].rule)
        : { ja: 'チェーンの既定の動作', en: 'the default action' };
    const self = ruleWords(cr.rule);
    if (!cr.entries.length) {
      out.push(
        finding(
          'REDUNDANT',
          'definite',
          { ja: `${self.ja}に一致するパケットがありません`, en: `${self.en} matches no packet` },
          { rule },
        ),
      );
    } else if (!u.reached) {
      const own = cr.category === 'accept' ? 1 : 2;
      if (u.coveredBy & ~own) {
        out.push(
          finding(
            'SHADOWED',
            'definite',
            {
              ja: `${self.ja}は、先にある${by.ja}ほかに完全に隠され、逆の動作になっています`,
              en: `${self.en} is shadowed by earlier rules (${by.en}…) with another action`,
            },
            { rule },
          ),
        );
      } else {
        out.push(
          finding(
            'REDUNDANT',
            'definite',
            {
              ja: `${self.ja}は、先にある同じ動作の${by.ja}ほかに含まれています`,
              en: `${self.en} is covered by earlier rules with the same action (${by.en}…)`,
            },
            { rule },
          ),
        );
      }
    } else if (u.decided > 0 && !u.possiblyReached && u.runnerUpSame && !denyAll(compiled, cr)) {
      out.push(
        finding(
          'REDUNDANT',
          'definite',
          {
            ja: `${self.ja}を削除しても、後続のルール・既定の動作による判定は変わりません`,
            en: `removing ${self.en} changes no decision (later rules decide the same)`,
          },
          { rule },
        ),
      );
    }
  });
  return out;
}

/** Default allow, or no explicit deny-all at the end of the last base chain (CIS Palo Alto 7.3). */
export function finalDenyFindings(compiled: Compiled): NetworkFinding[] {
  const lastChain = compiled.pipeline?.chains.at(-1);
  const last = [...compiled.rules].reverse().find((r) => r.chain === lastChain && r.rule.enabled && !r.rule.implicit);
  const explicit =
    last?.category === 'block' &&
    last.entries.some((i) => {
      const e = compiled.entries[i];
      return !e.possible && e.coverMask === ALL_DIMS;
    });
  if (explicit) return [];
  if (compiled.defaultAction === 'accept') {
    return [
      finding('NO-FINAL-DENY', 'definite', {
        ja: `${lastChain ? `${lastChain} チェーン` : '（チェーンなし）'}の既定の動作が許可で、最後に拒否するルールがありません`,
        en: `default action of ${lastChain ?? '(none)'} is accept and there is no final deny`,
      }),
    ];
  }
  return [
    {
      ...finding('NO-FINAL-DENY', 'definite', {
        ja: `${lastChain} チェーンは暗黙の拒否のみで、最後に明示的に拒否して記録するルールがありません`,
        en: `${lastChain} relies on the implicit deny (no explicit deny-and-log rule)`,
      }),
      severity: 'low',
    },
  ];
}

export function objectFindings(compiled: Compiled): NetworkFinding[] {
  const out: NetworkFinding[] = [];
  const ruleById = new Map(compiled.rules.map((r, i) => [r.rule.id, i]));
  for (const p of compiled.resolver.problems) {
    const ri = ruleById.get(p.from);
    const what = p.problem === 'cycle' ? '循環参照' : '未定義';
    out.push(
      finding(
        'UNDEFINED-REF',
        'definite',
        {
          ja: `${p.kind} オブジェクト「${p.name}」が${what}です（参照元：${p.from}）`,
          en: `${p.kind} object ${p.name} is ${p.problem === 'cycle' ? 'part of a cycle' : 'undefined'} (referenced by ${p.from})`,
        },
        ri === undefined ? {} : { rule: refOf(compiled, ri) },
      ),
    );
  }
  for (const o of compiled.resolver.unused()) {
    out.push(
      finding('UNUSED-OBJECT', 'definite', {
        ja: `${o.kind} オブジェクト「${o.name}」は使われていません`,
        en: `${o.kind} object ${o.name} is not used`,
      }),
    );
  }
  compiled.rules.forEach((cr, i) => {
    const reasons = new Set(cr.entries.flatMap((e) => compiled.entries[e].reasons));
    if (reasons.size) {
      out.push(
        finding(
          'POSSIBLE-MATCH',
          'possible',
          {
            ja: `${ruleWords(cr.rule).ja}に一致するかは確定できません：${[...reasons].join('; ')}`,
            en: `${ruleWords(cr.rule).en} matches only possibly: ${[...reasons].join('; ')}`,
          },
          { rule: refOf(compiled, i) },
        ),
      );
    }
  });
  return out;
}
