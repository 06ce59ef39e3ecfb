import type { ReactNode } from 'react';
import { Brand, LanguageSwitch, SkipLink } from './chrome.tsx';

/** Frame for the pages before sign-in: first-run setup, sign-in, MFA enrolment. */
export function PublicLayout({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="flex min-h-screen flex-col bg-solid-gray-50 print:bg-white">
      <SkipLink />
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex min-h-18 max-w-[1280px] items-center justify-between gap-4 px-8 py-3">
          <Brand />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="flex-1 px-4 py-10 outline-none">
        <div
          className={
            wide
              ? 'print-plain mx-auto w-full max-w-[56rem] rounded-12 border border-solid-gray-200 bg-white px-12 py-10'
              : 'print-plain mx-auto w-full max-w-[40rem] rounded-12 border border-solid-gray-200 bg-white px-12 py-10'
          }
        >
          {children}
        </div>
      </main>
    </div>
  );
}
