import type { Key, ReactNode } from 'react';
import { Tabs as RACTabs, Tab, TabList, TabPanel } from 'react-aria-components';
import { cx } from '../lib/cx.ts';

export interface TabItem {
  id: string;
  label: ReactNode;
  content: ReactNode;
}

export interface TabsProps {
  label: string;
  items: TabItem[];
  selectedKey?: string;
  onSelectionChange?: (key: string) => void;
  className?: string;
}

/** DADS tabs: an underlined row of labels (arrow keys move between them), one panel shown. */
export function Tabs({ label, items, selectedKey, onSelectionChange, className }: TabsProps) {
  return (
    <RACTabs
      selectedKey={selectedKey}
      onSelectionChange={onSelectionChange ? (k: Key) => onSelectionChange(String(k)) : undefined}
      className={cx('flex flex-col', className)}
    >
      <TabList aria-label={label} className="flex gap-1 border-b border-solid-gray-420">
        {items.map((item) => (
          <Tab
            key={item.id}
            id={item.id}
            className={cx(
              'relative -mb-px min-h-12 cursor-pointer border-b-4 border-transparent px-5 py-3 text-std-16B-170',
              'text-solid-gray-700 outline-none hover:bg-solid-gray-50 hover:text-solid-gray-900',
              'data-[selected]:border-blue-900 data-[selected]:text-blue-900',
              'data-[focus-visible]:outline-4 data-[focus-visible]:outline-black data-[focus-visible]:-outline-offset-4',
              'data-[focus-visible]:ring-2 data-[focus-visible]:ring-yellow-300 data-[focus-visible]:ring-inset',
            )}
          >
            {item.label}
          </Tab>
        ))}
      </TabList>
      {items.map((item) => (
        <TabPanel key={item.id} id={item.id} className="pt-6 outline-none">
          {item.content}
        </TabPanel>
      ))}
    </RACTabs>
  );
}
