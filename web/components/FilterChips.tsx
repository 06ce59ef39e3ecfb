import { Button } from './Button.tsx';

export interface Chip {
  /** The filter's key (e.g. "actor"). */
  id: string;
  /** "操作者：山田" — the filter's name and value, as read aloud. */
  label: string;
}

/**
 * The filters in force, as chips that can each be removed (ui-guide.md, Lists): a labelled list, each chip with a
 * remove button that names what it removes, and one button to remove them all.
 */
export function FilterChips({
  chips,
  onRemove,
  onClear,
  label,
  removeLabel,
  clearLabel,
}: {
  chips: Chip[];
  onRemove: (id: string) => void;
  onClear: () => void;
  /** "絞り込みの条件" */
  label: string;
  /** "「操作者：山田」を解除" */
  removeLabel: (chip: string) => string;
  /** "条件をすべて解除" */
  clearLabel: string;
}) {
  if (chips.length === 0) return null;
  return (
    <div className="no-print flex flex-wrap items-center gap-2">
      <span id="filter-chips-label" className="text-std-16B-170 text-solid-gray-900">
        {label}
      </span>
      <ul aria-labelledby="filter-chips-label" className="flex flex-wrap gap-2">
        {chips.map((c) => (
          <li
            key={c.id}
            className="inline-flex items-center gap-1 rounded-full border border-blue-900 bg-blue-50 pl-4 text-dns-16N-130 text-blue-1000"
          >
            <span>{c.label}</span>
            <button
              type="button"
              onClick={() => onRemove(c.id)}
              aria-label={removeLabel(c.label)}
              className="inline-flex size-11 cursor-pointer items-center justify-center rounded-full text-blue-1000 hover:bg-blue-100"
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-current">
                <path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z" />
              </svg>
            </button>
          </li>
        ))}
      </ul>
      <Button variant="tertiary" size="sm" onPress={onClear}>
        {clearLabel}
      </Button>
    </div>
  );
}
