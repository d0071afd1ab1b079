'use client';

import { createContext, useContext, useMemo } from 'react';
import { createNumberFormat, type FormatSettings, type NumberFormat } from '@/lib/format/number-format';

const FormatContext = createContext<NumberFormat>(createNumberFormat({ locale: 'en-GB', currency: 'GBP' }));

/** Gives every client component below it the organisation's number, money and percentage formatters. */
export function FormatProvider({ settings, children }: { settings: FormatSettings; children: React.ReactNode }) {
  const format = useMemo(() => createNumberFormat(settings), [settings]);
  return <FormatContext.Provider value={format}>{children}</FormatContext.Provider>;
}

/** The organisation's formatters: `const f = useFormat(); f.money(12.5)` → "£12.50". */
export function useFormat(): NumberFormat {
  return useContext(FormatContext);
}
