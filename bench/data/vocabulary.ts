// Words for synthetic product feedback. Ordered roughly from most to least
// common: generators pick them with Zipf-like weights (bench/data/prng.ts), so a
// search for "checkout" hits many rows and one for "reconciliation" few, like
// in a real insight base.

export const FEEDBACK_WORDS: readonly string[] = [
  'the', 'is', 'to', 'we', 'customer', 'when', 'not', 'they', 'export', 'slow',
  'checkout', 'report', 'search', 'page', 'login', 'invoice', 'payment', 'mobile', 'app', 'dashboard',
  'error', 'missing', 'filter', 'users', 'team', 'admin', 'would', 'like', 'need', 'cannot',
  'data', 'email', 'notification', 'integration', 'calendar', 'billing', 'plan', 'upgrade', 'trial', 'onboarding',
  'permissions', 'role', 'csv', 'pdf', 'api', 'webhook', 'sync', 'salesforce', 'hubspot', 'zapier',
  'language', 'french', 'german', 'timezone', 'currency', 'tax', 'vat', 'refund', 'discount', 'coupon',
  'subscription', 'renewal', 'cancel', 'churn', 'price', 'seat', 'license', 'sso', 'saml', 'audit',
  'log', 'history', 'undo', 'bulk', 'edit', 'import', 'template', 'custom', 'field', 'tag',
  'workflow', 'approval', 'reminder', 'schedule', 'recurring', 'location', 'multi', 'branch', 'store', 'warehouse',
  'inventory', 'stock', 'order', 'shipping', 'delivery', 'tracking', 'label', 'barcode', 'scanner', 'printer',
  'offline', 'latency', 'timeout', 'crash', 'freeze', 'battery', 'android', 'ios', 'tablet', 'browser',
  'safari', 'firefox', 'accessibility', 'contrast', 'keyboard', 'shortcut', 'dark', 'mode', 'font', 'layout',
  'chart', 'graph', 'kpi', 'forecast', 'budget', 'revenue', 'margin', 'cohort', 'retention', 'funnel',
  'conversion', 'lead', 'demo', 'pipeline', 'quote', 'contract', 'signature', 'gdpr', 'consent', 'retention-policy',
  'backup', 'restore', 'migration', 'reconciliation', 'ledger', 'payout', 'stripe', 'adyen', 'paypal', 'sepa',
  'chargeback', 'fraud', 'captcha', 'password', 'mfa', 'session', 'expired', 'duplicate', 'merge', 'archive',
];

export const CUSTOMER_PREFIXES: readonly string[] = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell',
  'Wonka', 'Cyberdyne', 'Aperture', 'Monarch', 'Gringotts', 'Oceanic', 'Pied Piper', 'Massive', 'Dunder', 'Sterling',
];
export const CUSTOMER_SUFFIXES: readonly string[] = ['Corp', 'Inc', 'SAS', 'GmbH', 'Ltd', 'Group', 'Labs', 'Retail', 'Foods', 'Health'];

export const INSIGHT_SOURCES = ['call', 'ticket', 'sales', 'csm', 'test', 'internal', 'other'] as const;

export const THEME_TAGS: readonly string[] = [
  'performance', 'reporting', 'exports', 'mobile', 'payments', 'onboarding', 'permissions', 'integrations',
  'billing', 'search', 'accessibility', 'localisation', 'security', 'notifications', 'pricing', 'inventory',
];

export const SEGMENTS: readonly string[] = ['smb', 'mid-market', 'enterprise', 'strategic'];

export const OPPORTUNITY_STATUSES = ['draft', 'pitched', 'on_agenda', 'go', 'rework', 'no_go', 'in_roadmap', 'shipped'] as const;
export const RICE_IMPACTS: readonly number[] = [3, 2, 1, 0.5, 0.25];
export const RICE_CONFIDENCES: readonly number[] = [1, 0.8, 0.5];
