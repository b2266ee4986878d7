import { z } from 'zod';
import { ConfigError, formatIssues } from './errors.js';

export { ConfigError };

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting with "xoxb-"').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1, 'must not be empty').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token starting with "xapp-"').optional(),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number (0-65535)')
    .default(3000),
  CADENCE_DB: z.string().min(1).default('./data/cadence.db'),
  CADENCE_CONFIG: z.string().min(1).optional(),
  SLACK_API_URL: z
    .url({ message: 'must be an http(s) URL such as https://slack.com/api/' })
    .transform((u) => (u.endsWith('/') ? u : `${u}/`))
    .optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  CADENCE_DB_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  CADENCE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Tracker webhooks (issue 13): one secret per tracker; unset = that route answers 404.
  CADENCE_WEBHOOK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CADENCE_JIRA_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CADENCE_LINEAR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CADENCE_GITHUB_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CADENCE_GITLAB_WEBHOOK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Public base URL of this Cadence (e.g. https://cadence.example.com): calendar feed links in messages. */
  CADENCE_PUBLIC_URL: z
    .url({ message: 'must be the http(s) URL people reach Cadence at, such as https://cadence.example.com' })
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** The sandbox's own database (src/sandbox): never the production one. */
  CADENCE_SANDBOX_DB: z.string().min(1).default('./data/sandbox.db'),
});

export type Env = z.infer<typeof envSchema>;

export type SlackMode =
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret: string | undefined };


/** Empty strings in the environment mean "unset", as in most shells' `FOO= cmd`. */
function withoutBlanks(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(withoutBlanks(source), { reportInput: true });
  if (!result.success) {
    // Never echo a value that could be a secret back into a log.
    const problems = formatIssues(result.error.issues).map((line) => line.replace(/, got .*$/, ''));
    throw new ConfigError(problems.map((p) => `environment ${p}`));
  }
  return result.data;
}

export const MISSING_CREDENTIALS_HINT = [
  'Cadence needs Slack credentials to start:',
  '  SLACK_BOT_TOKEN       the Bot User OAuth Token (xoxb-...) from "OAuth & Permissions"',
  '  SLACK_SIGNING_SECRET  from "Basic Information" > "App Credentials" (HTTP mode)',
  '  SLACK_APP_TOKEN       optional: an app-level token (xapp-...) with connections:write, to use Socket Mode instead of HTTP',
  '',
  'Create the app from the manifest: https://api.slack.com/apps > "Create New App" > "From a manifest",',
  'paste manifest.yml (replace the example.com URLs with your public URL, or enable Socket Mode),',
  'install it to your workspace, then put the values in the environment or in a .env file.',
].join('\n');

/** Decides HTTP or Socket Mode from the environment; explains exactly what is missing otherwise. */
export function slackMode(env: Env): SlackMode {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN is not set');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    missing.push('SLACK_SIGNING_SECRET is not set (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (missing.length > 0 || !env.SLACK_BOT_TOKEN) throw new ConfigError(missing, MISSING_CREDENTIALS_HINT);
  if (env.SLACK_APP_TOKEN) {
    return { kind: 'socket', botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET };
  }
  if (!env.SLACK_SIGNING_SECRET) throw new ConfigError(missing, MISSING_CREDENTIALS_HINT);
  return { kind: 'http', botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET };
}

/** The webhook secrets features read from the context (src/context.ts `secrets`); never logged. */
export function webhookSecretsOf(env: Env) {
  return {
    webhookSecret: env.CADENCE_WEBHOOK_SECRET,
    webhookToken: env.CADENCE_WEBHOOK_TOKEN,
    jiraWebhookSecret: env.CADENCE_JIRA_WEBHOOK_SECRET,
    linearWebhookSecret: env.CADENCE_LINEAR_WEBHOOK_SECRET,
    githubWebhookSecret: env.CADENCE_GITHUB_WEBHOOK_SECRET,
    gitlabWebhookToken: env.CADENCE_GITLAB_WEBHOOK_TOKEN,
    publicUrl: env.CADENCE_PUBLIC_URL,
  };
}
