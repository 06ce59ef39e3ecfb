/**
 * The shells of an area's card on 今日やること. Each is a <section>: the dashboard hides its 'nothing to do' message
 * when any section is shown, so a card with nothing to say renders nothing at all.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { InfoIcon, WarningIcon } from '../../components/Icons.tsx';

/** A white card: the heading in a bar, the body below. `id` names the heading (aria-labelledby). */
export function DashboardCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-12 border border-solid-gray-200 bg-white">
      <div className="border-b border-solid-gray-200 px-6 py-4">
        <h2 id={id} className="text-std-22B-150 text-solid-gray-900">
          {title}
        </h2>
      </div>
      {children}
    </section>
  );
}

export interface CardLine {
  /** Also the line's data-card-item, for tests. */
  key: string;
  /** Needs acting on (warning icon) rather than knowing (info icon). */
  urgent: boolean;
  text: string;
  to: string;
}

/** Lines that each link to the page where the thing is dealt with; falsy entries are left out. */
export function CardLines({ lines }: { lines: ReadonlyArray<CardLine | false> }) {
  return (
    <ul className="flex flex-col">
      {lines
        .filter((l): l is CardLine => !!l)
        .map((l) => (
          <li
            key={l.key}
            data-card-item={l.key}
            className="flex items-center gap-3 border-b border-solid-gray-200 px-6 py-4 last:border-b-0"
          >
            {l.urgent ? (
              <WarningIcon size={24} className="shrink-0 text-yellow-1000" />
            ) : (
              <InfoIcon size={24} className="shrink-0 text-blue-900" />
            )}
            <Link to={l.to} className="text-std-16B-170">
              {l.text}
            </Link>
          </li>
        ))}
    </ul>
  );
}

/** A yellow card for what the person themself owes: a warning icon beside the heading and the body. */
export function DashboardWarningCard({
  id,
  title,
  className,
  children,
}: {
  id: string;
  title: string;
  /** Of the column holding the heading and the body. */
  className: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className="flex items-start gap-3 rounded-12 border-2 border-yellow-900 bg-yellow-50 px-6 py-5"
    >
      <WarningIcon size={28} className="mt-0.5 shrink-0 text-yellow-1000" />
      <div className={className}>
        <h2 id={id} className="text-std-20B-150 text-solid-gray-900">
          {title}
        </h2>
        {children}
      </div>
    </section>
  );
}
