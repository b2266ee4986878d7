import type { Language } from '../config/org.js';

/*
 * Amounts of money as each language writes them (issue 14, item 6; docs/decisions/0028):
 * English "€950", "€120k", "€1.5M"; French "950 €", "120 k€", "1,5 M€" (U+202F before the
 * unit, decimal comma). Amounts are in the organisation's currency, euros unless said.
 */
const symbols = new Map<string, string>();

function symbolOf(currency: string): string {
  let s = symbols.get(currency);
  if (s === undefined) {
    const part = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency');
    s = part?.value ?? currency;
    symbols.set(currency, s);
  }
  return s;
}

const decimals: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }),
};

/** A compact amount: thousands as k, millions as M, one decimal at most. */
export function formatMoney(amount: number, lang: Language, currency = 'EUR'): string {
  const abs = Math.abs(amount);
  const [value, unit] = abs >= 1_000_000 ? [amount / 1_000_000, 'M'] : abs >= 1_000 ? [amount / 1_000, 'k'] : [amount, ''];
  const symbol = symbolOf(currency);
  const n = decimals[lang].format(Number(value.toFixed(1)));
  if (lang === 'fr') return `${n}\u202f${unit}${symbol}`;
  return `${symbol}${n}${unit}`;
}

const percents: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 }),
  fr: new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 }),
};

/** A share (0.42) as a percentage: "42%" / "42 %" with U+202F, whatever the ICU version writes. */
export function formatPercent(share: number, lang: Language): string {
  return percents[lang].format(share).replace(/[\u00a0 ]/g, '\u202f');
}
