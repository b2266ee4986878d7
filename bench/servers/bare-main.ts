// The bare Bolt app as a process of its own, started like `node dist/src/main.js`
// (same environment variables), for the cold-start and memory comparison.
import { buildBareApp } from './bare-app.js';

async function main(): Promise<void> {
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT } = process.env;
  if (!SLACK_BOT_TOKEN || !SLACK_SIGNING_SECRET || !SLACK_API_URL || !PORT) {
    throw new Error('bare-main needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL and PORT');
  }
  const bare = buildBareApp({ signingSecret: SLACK_SIGNING_SECRET, botToken: SLACK_BOT_TOKEN, slackApiUrl: SLACK_API_URL });
  await bare.start(Number(PORT));
  process.on('SIGTERM', () => void bare.stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`bare-main failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
