/**
 * A version's text as a readable clause tree: each clause keeps the document's own numbering (第1章, 1., (1), ①, 号)
 * as its label. Clauses with a heading become headings (h2 … h4 under the page's h1, then bold lines), so the page
 * reads and prints like the policy itself.
 */
import type { ReactNode } from 'react';
import { cx } from '../../lib/cx.ts';

export interface ClauseLike {
  path: string;
  label: string;
  heading: string;
  text: string;
  children: ClauseLike[];
}

/** The clause's own paragraphs; lines the parser kept from list items start with 「・」. */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  if (!text) return null;
  return (
    <>
      {text.split('\n').map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one clause have no identity but their order
        <p key={i} className={cx('text-std-16N-170', p.startsWith('・') && 'pl-4 -indent-4', className)}>
          {p}
        </p>
      ))}
    </>
  );
}

function Heading({ level, children, id }: { level: number; children: ReactNode; id: string }) {
  const common = 'scroll-mt-4 text-solid-gray-900';
  if (level <= 2)
    return (
      <h2 id={id} className={cx(common, 'text-std-24B-150')}>
        {children}
      </h2>
    );
  if (level === 3)
    return (
      <h3 id={id} className={cx(common, 'text-std-20B-150')}>
        {children}
      </h3>
    );
  if (level === 4)
    return (
      <h4 id={id} className={cx(common, 'text-std-17B-170')}>
        {children}
      </h4>
    );
  return (
    <p id={id} className={cx(common, 'text-std-16B-170')}>
      {children}
    </p>
  );
}

const anchorOf = (prefix: string, path: string) => `${prefix}-${encodeURIComponent(path).replace(/%/g, '')}`;

function Clause({ clause, level, prefix }: { clause: ClauseLike; level: number; prefix: string }) {
  const id = anchorOf(prefix, clause.path);
  const hasHeading = clause.heading.length > 0;
  return (
    <li className="flex flex-col gap-2" data-clause={clause.path}>
      {hasHeading ? (
        <Heading level={level} id={id}>
          {clause.label} {clause.heading}
        </Heading>
      ) : (
        <div id={id} className="flex gap-2">
          <span className="shrink-0 font-bold text-std-16B-170">{clause.label}</span>
          <div className="flex min-w-0 flex-col gap-1">
            <Paragraphs text={clause.text} />
          </div>
        </div>
      )}
      {hasHeading && clause.text && (
        <div className="flex flex-col gap-1 pl-4">
          <Paragraphs text={clause.text} />
        </div>
      )}
      {clause.children.length > 0 && (
        <ClauseList clauses={clause.children} level={hasHeading ? level + 1 : level} prefix={prefix} nested />
      )}
    </li>
  );
}

function ClauseList({
  clauses,
  level,
  prefix,
  nested,
}: {
  clauses: ClauseLike[];
  level: number;
  prefix: string;
  nested?: boolean;
}) {
  return (
    <ol className={cx('flex list-none flex-col gap-4', nested && 'pl-4 sm:pl-6')}>
      {clauses.map((c) => (
        <Clause key={c.path} clause={c} level={level} prefix={prefix} />
      ))}
    </ol>
  );
}

/**
 * The tree. `level` is the heading level of the top clauses (2 under a page's h1, 3 inside an h2 section);
 * `prefix` keeps the anchors of two trees on one page apart.
 */
export function ClauseTree({
  clauses,
  level = 2,
  prefix = 'clause',
  emptyText,
}: {
  clauses: ClauseLike[];
  level?: number;
  prefix?: string;
  emptyText?: string;
}) {
  if (clauses.length === 0) {
    return emptyText ? <p className="text-std-16N-170 text-solid-gray-700">{emptyText}</p> : null;
  }
  return (
    <div className="policy-text flex flex-col gap-4">
      <ClauseList clauses={clauses} level={level} prefix={prefix} />
    </div>
  );
}
