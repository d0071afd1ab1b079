'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import { useUpdateOrganizationSettings } from '@/lib/client/hooks/use-organization';
import { createNumberFormat } from '@/lib/format/number-format';

const CURRENCIES = ['GBP', 'EUR', 'USD', 'CHF', 'SEK', 'DKK', 'NOK', 'PLN', 'CAD', 'AUD', 'JPY'];
const LOCALES = [
  { tag: 'en-GB', label: 'English (UK)' },
  { tag: 'en-US', label: 'English (US)' },
  { tag: 'de-DE', label: 'Deutsch' },
  { tag: 'fr-FR', label: 'Français' },
  { tag: 'nl-NL', label: 'Nederlands' },
  { tag: 'es-ES', label: 'Español' },
  { tag: 'sv-SE', label: 'Svenska' },
];

/** Admins choose the currency and number format every page, chart and export uses. */
export function OrganizationForm() {
  const current = useFormat().settings;
  const [currency, setCurrency] = useState(current.currency);
  const [locale, setLocale] = useState(current.locale);
  const update = useUpdateOrganizationSettings();
  const router = useRouter();
  const preview = createNumberFormat({ currency, locale });
  const changed = currency !== current.currency || locale !== current.locale;
  return (
    <form
      className="card"
      data-testid="organization-form"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ currency, locale }, { onSuccess: () => router.refresh() });
      }}
    >
      <h2 style={{ marginTop: 0 }}>Currency and number format</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="org-currency">Currency</label>
          <select id="org-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-locale">Number format</label>
          <select id="org-locale" value={locale} onChange={(e) => setLocale(e.target.value)}>
            {LOCALES.map((l) => (
              <option key={l.tag} value={l.tag}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <p className="small" data-testid="format-preview">
          Shown as {preview.money(1234567.5)} · {preview.number(140000)} customers · {preview.pct(0.125)}
        </p>
      </div>
      <button className="btn primary" type="submit" disabled={!changed || update.isPending}>
        {update.isPending ? 'Saving…' : 'Save'}
      </button>
      {update.error && (
        <p className="error" role="alert">
          {update.error.message}
        </p>
      )}
    </form>
  );
}
