import type { ReactNode } from 'react';

/** A titled block of the account page. */
export function Section({
  id,
  title,
  lead,
  children,
}: {
  id: string;
  title: string;
  lead?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-5 border-t border-solid-gray-200 pt-8">
      <h2 id={id} className="text-std-24B-150 text-solid-gray-900">
        {title}
      </h2>
      {lead && <p className="-mt-2 text-std-16N-170 text-solid-gray-800">{lead}</p>}
      {children}
    </section>
  );
}
