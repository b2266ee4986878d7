/**
 * A feature's messages, English first. The French catalogue must have exactly
 * the same keys (the type says so at compile time; test/i18n checks keys and
 * {placeholders} at run time too).
 */
export interface MessageCatalogue<K extends string> {
  en: Record<K, string>;
  fr: Record<K, string>;
}

export function defineMessages<const E extends Record<string, string>>(
  en: E,
  fr: { [K in keyof E]: string },
): MessageCatalogue<Extract<keyof E, string>> {
  return { en, fr };
}
