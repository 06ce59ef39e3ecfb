import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

interface PageState {
  title: string;
  setTitle: (title: string) => void;
}

const PageContext = createContext<PageState>({ title: '', setTitle: () => {} });

export function PageProvider({ children }: { children: ReactNode }) {
  const [title, setTitle] = useState('');
  return <PageContext.Provider value={{ title, setTitle }}>{children}</PageContext.Provider>;
}

/** Sets the document title ("page | Mamori") and the title printed in the page header. */
export function usePageTitle(title: string) {
  const { setTitle } = useContext(PageContext);
  useEffect(() => {
    document.title = title ? `${title} | Mamori` : 'Mamori';
    setTitle(title);
  }, [title, setTitle]);
}

export function useCurrentPageTitle() {
  return useContext(PageContext).title;
}
