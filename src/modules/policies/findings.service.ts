/**
 * Findings of the policy area on a date: overdue or missing reviews (基本方針 8) and exceptions that expired, were
 * never approved, or are past their periodic review. Each caller sees only findings about what they may read.
 */
import { inTenant, type Scope } from '../../db/scope.ts';
import { todayInJapan } from '../../domain/calendar.ts';
import type { Clause, Finding } from '../../domain/duties.ts';
import { findClause } from '../../domain/policy/clauses.ts';
import { exceptionFindings } from '../../domain/policy/exceptions.ts';
import { versionInForce } from '../../domain/policy/in-force.ts';
import type { DocumentKind } from '../../domain/policy/kinds.ts';
import { REVIEW_CLAUSE, type ReviewFacts, type ReviewTrigger, reviewFindings } from '../../domain/policy/reviews.ts';
import type { Services } from '../../platform/http/services.ts';
import { unitChain } from '../organisation/units.repo.ts';
import { canRead, clausesOfVersion, contextOf, type PolicyContext } from './context.ts';
import { factsOf } from './exceptions.service.ts';
import { dated } from './views.ts';

/** 基本方針 8 as the town's own 基本方針 in force words it, when it has one; the seed's wording otherwise. */
async function reviewClause(ctx: PolicyContext, on: string): Promise<Clause> {
  const basic = await ctx.tx
    .selectFrom('policy_version as v')
    .innerJoin('policy_document as d', (j) =>
      j.onRef('d.id', '=', 'v.document_id').on('d.tenant_id', '=', ctx.scope.tenantId),
    )
    .selectAll('v')
    .where('v.tenant_id', '=', ctx.scope.tenantId)
    .where('d.kind', '=', 'BASIC')
    .where('v.status', '=', 'PUBLISHED')
    .execute();
  const current = versionInForce(basic.map(dated), on);
  const row = current ? basic.find((v) => v.id === current.id) : undefined;
  const clauses = row ? clausesOfVersion(row) : [];
  const eight = clauses.map((c) => findClause([c], `${c.path}/8`) ?? (c.key === '8' ? c : null)).find((c) => c);
  if (!eight?.text) return REVIEW_CLAUSE;
  return { document: REVIEW_CLAUSE.document, ref: '8', summary: eight.text.split('\n')[0] };
}

export async function policyFindings(services: Services, scope: Scope, on = todayInJapan()) {
  return inTenant(services.database, scope, async (tx) => {
    const ctx = await contextOf(services, scope, tx);
    const docs = (
      await tx.selectFrom('policy_document').selectAll().where('tenant_id', '=', scope.tenantId).execute()
    ).filter((d) => canRead(ctx, d));
    const ids = docs.map((d) => d.id);
    const firstEffective = ids.length
      ? await tx
          .selectFrom('policy_version')
          .select(['document_id', (eb) => eb.fn.min('effective_on').as('first')])
          .where('tenant_id', '=', scope.tenantId)
          .where('status', '=', 'PUBLISHED')
          .where('document_id', 'in', ids)
          .groupBy('document_id')
          .execute()
      : [];
    const reviews = ids.length
      ? await tx
          .selectFrom('policy_review')
          .selectAll()
          .where('tenant_id', '=', scope.tenantId)
          .where('document_id', 'in', ids)
          .execute()
      : [];
    const first = new Map(firstEffective.map((r) => [r.document_id, r.first as string | null]));
    const findings: Finding[] = reviewFindings(
      docs.map((d) => ({
        id: d.id,
        title: d.title,
        kind: d.kind as DocumentKind,
        firstEffectiveOn: first.get(d.id) ?? null,
      })),
      reviews.map(
        (r): ReviewFacts => ({
          id: r.id,
          documentId: r.document_id,
          trigger: r.trigger as ReviewTrigger,
          fiscalYear: r.fiscal_year === null ? null : Number(r.fiscal_year),
          dueOn: r.due_on,
          status: r.status as 'OPEN' | 'DONE',
        }),
      ),
      on,
      await reviewClause(ctx, on),
    );
    if (services.permissions.canAtAll(scope.actor, 'read', 'policy_exception')) {
      const exceptions = (
        await tx.selectFrom('policy_exception').selectAll().where('tenant_id', '=', scope.tenantId).execute()
      ).filter(
        (e) =>
          scope.actor.personId === e.requested_by_person_id ||
          services.permissions.can(scope.actor, 'read', 'policy_exception', {
            unitChain: unitChain(ctx.units, e.scope_unit_id),
            personId: e.requested_by_person_id,
          }),
      );
      findings.push(...exceptionFindings(exceptions.map(factsOf), on));
    }
    return { on, findings };
  });
}
