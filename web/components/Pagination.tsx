import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';
import { ChevronLeftIcon, ChevronRightIcon } from './Icons.tsx';

export interface PaginationProps {
  /** Total count of results, when the server gives it. */
  total?: number;
  /** 1-based index of the first row shown and how many are shown. */
  from: number;
  shown: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** Cursor pagination (the API pages by cursor): 前へ / 次へ, with the count of results. */
export function Pagination({ total, from, shown, hasPrevious, hasNext, onPrevious, onNext }: PaginationProps) {
  const { t } = useTranslation();
  const nf = new Intl.NumberFormat('ja-JP');
  return (
    <nav aria-label={t('pagination.label')} className="no-print flex flex-wrap items-center justify-between gap-4 py-4">
      <p className="text-std-16N-170 text-solid-gray-800" aria-live="polite">
        {total !== undefined && shown > 0
          ? t('pagination.range', { total: nf.format(total), from: nf.format(from), to: nf.format(from + shown - 1) })
          : null}
      </p>
      <div className="flex gap-3">
        <Button variant="secondary" size="sm" isDisabled={!hasPrevious} onPress={onPrevious}>
          <ChevronLeftIcon size={20} />
          {t('pagination.previous')}
        </Button>
        <Button variant="secondary" size="sm" isDisabled={!hasNext} onPress={onNext}>
          {t('pagination.next')}
          <ChevronRightIcon size={20} />
        </Button>
      </div>
    </nav>
  );
}
