import { useEffect } from 'react';

/**
 * Prints the current page on A4 landscape (for wide tables) while it is shown. A named @page on an inner element
 * would start a new sheet before and after it, so the whole document's page size is switched instead.
 */
export function useLandscapePrint(): void {
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.mamoriPrint = 'landscape';
    style.textContent = '@page { size: A4 landscape; }';
    document.head.appendChild(style);
    return () => {
      style.remove();
    };
  }, []);
}
